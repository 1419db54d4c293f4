package com.safehold.domain.crypto;

/**
 * Port: encrypts one personal field for one place (SPEC 4.7). Implementations use envelope encryption:
 * a data key from KMS in AWS, a local AES-GCM keyring on the local platform and in tests.
 */
public interface FieldCipher {

    /** Encrypts {@code plaintext} (UTF-8) so that only {@link #decrypt} with the same context opens it. */
    byte[] encrypt(String plaintext, FieldContext context);

    /**
     * Opens a ciphertext made for {@code context}.
     *
     * @throws FieldDecryptionException if it was tampered with, made for another context, or its key is gone
     */
    String decrypt(byte[] ciphertext, FieldContext context);
}
