package com.safehold.domain.crypto;

/**
 * Port: encrypts one personal field for one place (SPEC 4.7) under its owner's data key. Implementations
 * use envelope encryption: per-person data keys wrapped by KMS in AWS, by a local AES-GCM keyring on the
 * local platform and in tests.
 */
public interface FieldCipher {

    /**
     * Encrypts {@code plaintext} (UTF-8) so that only {@link #decrypt} with the same context opens it.
     *
     * @throws FieldErasedException if the owner's key was destroyed: nothing is stored for an erased person
     */
    byte[] encrypt(String plaintext, FieldContext context);

    /**
     * Opens a ciphertext made for {@code context}.
     *
     * @throws FieldErasedException     if the owner's key was destroyed ({@link CryptoShredder})
     * @throws FieldDecryptionException if it was tampered with or made for another context
     */
    String decrypt(byte[] ciphertext, FieldContext context);
}
