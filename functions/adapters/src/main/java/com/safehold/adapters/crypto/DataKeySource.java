package com.safehold.adapters.crypto;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldDecryptionException;

/**
 * Where each person's data key comes from and how its wrapped form is opened again (SPEC 4.7): KMS in AWS
 * ({@link KmsDataKeySource}), a local AES-GCM keyring on the local platform and in tests
 * ({@link LocalKeyringDataKeySource}). A key is wrapped for its owner: a wrapped key copied to another
 * person's record does not unwrap. {@link PersonKeyring} caches what it gets from here, so an
 * implementation may be slow or rate-limited and need not cache itself.
 *
 * <p>Implementations are thread-safe.
 */
public interface DataKeySource {

    /** A fresh, random 256-bit data key for {@code owner}, in plaintext and wrapped under the master key. */
    DataKey generate(UserId owner);

    /**
     * The plaintext of a key {@link #generate} wrapped for {@code owner}.
     *
     * @throws FieldDecryptionException if {@code wrapped} is not a key wrapped by this source for this owner
     *         (altered, another owner's, from another master key); errors that may pass (network, throttling)
     *         are thrown as other runtime exceptions
     */
    byte[] unwrap(byte[] wrapped, UserId owner);
}
