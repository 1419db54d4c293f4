package com.safehold.adapters.crypto;

import com.safehold.domain.crypto.FieldDecryptionException;

/**
 * Where data keys come from and how wrapped ones are opened again (SPEC 4.7): KMS in AWS
 * ({@link KmsDataKeySource}), a local AES-GCM keyring on the local platform and in tests
 * ({@link LocalKeyringDataKeySource}). {@link EnvelopeFieldCipher} caches what it gets from here, so an
 * implementation may be slow or rate-limited and need not cache itself.
 *
 * <p>Implementations are thread-safe.
 */
public interface DataKeySource {

    /** A fresh, random 256-bit data key, in plaintext and wrapped under this source's master key. */
    DataKey generate();

    /**
     * The plaintext of a key {@link #generate()} wrapped.
     *
     * @throws FieldDecryptionException if {@code wrapped} is not a key wrapped by this source (altered, from
     *         another master key, or refused for good); errors that may pass (network, throttling) are
     *         thrown as other runtime exceptions
     */
    byte[] unwrap(byte[] wrapped);
}
