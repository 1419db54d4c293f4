package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One field through the field cipher's own code, encrypt then decrypt, before a SnapStart snapshot
 * (docs/decisions/0015-snapstart-and-priming.md): loads and runs JCA's AES-GCM, {@link EnvelopeFieldCipher}
 * and {@link PersonKeyring} so the first request after a restore does not pay for them.
 *
 * <p>Nothing real is touched: the master key is random and lives only in this call, the keyring's vault is a
 * map in memory, the owner is no person. No KMS request, no table read or write.
 */
public final class FieldCipherPriming {

    private static final String PLAINTEXT = "priming";
    /** Not a user id: Cognito subs are UUIDs. The keyring and its vault are thrown away anyway. */
    private static final FieldContext CONTEXT =
            new FieldContext(new UserId("priming"), "priming", "priming", "priming");

    private FieldCipherPriming() {}

    /**
     * Encrypts and decrypts one field under a throwaway keyring.
     *
     * @throws IllegalStateException if the round trip does not give the plaintext back
     */
    public static void roundTrip() {
        PersonKeyring throwaway = new PersonKeyring(
                new LocalKeyringDataKeySource(AesGcm.randomBytes(AesGcm.KEY_BYTES)), new InMemoryVault(),
                Clock.system(), KeyCacheLimits.DEFAULTS);
        EnvelopeFieldCipher cipher = new EnvelopeFieldCipher(throwaway);
        if (!PLAINTEXT.equals(cipher.decrypt(cipher.encrypt(PLAINTEXT, CONTEXT), CONTEXT))) {
            throw new IllegalStateException("the field cipher did not give its plaintext back");
        }
    }

    /** The keyring's vault for one call: a map, never the {@code keys} table. */
    private static final class InMemoryVault implements PersonKeyVault {

        private final Map<UserId, StoredKey> keys = new HashMap<>();

        @Override
        public synchronized Optional<StoredKey> find(UserId owner) {
            return Optional.ofNullable(keys.get(owner));
        }

        @Override
        public synchronized boolean create(UserId owner, byte[] wrapped, Instant at) {
            return keys.putIfAbsent(owner, new StoredKey(wrapped.clone(), null)) == null;
        }

        @Override
        public synchronized void shred(UserId owner, Instant at) {
            keys.put(owner, new StoredKey(null, at));
        }
    }
}
