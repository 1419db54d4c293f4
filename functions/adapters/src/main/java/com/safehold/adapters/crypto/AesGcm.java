package com.safehold.adapters.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM as both the field cipher and the local keyring use it: 96-bit random IV, 128-bit tag.
 *
 * <p>Only thread-safe objects are shared: {@link SecretKey}s built here and one {@link SecureRandom}.
 * A {@link Cipher} is created per call because JCA ciphers are stateful and must not be shared.
 */
final class AesGcm {

    /** AES-256 key length in bytes. */
    static final int KEY_BYTES = 32;
    /** GCM nonce length in bytes (the size GCM is specified for). */
    static final int IV_BYTES = 12;
    /** GCM authentication tag length in bytes. */
    static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {}

    /** An AES key for exactly {@value #KEY_BYTES} bytes of key material. */
    static SecretKey key(byte[] material) {
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes, not " + material.length);
        }
        return new SecretKeySpec(material, "AES");
    }

    /** {@code length} bytes from the shared {@link SecureRandom}. */
    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Output length of {@link #seal} for a plaintext of {@code plaintextLength} bytes. */
    static int sealedLength(int plaintextLength) {
        return plaintextLength + TAG_BYTES;
    }

    /**
     * Encrypts {@code plaintext} under {@code key} and {@code iv}, authenticating {@code aad}, and writes
     * ciphertext followed by the tag into {@code output} at {@code outputOffset}.
     */
    static void seal(SecretKey key, byte[] iv, byte[] aad, byte[] plaintext, byte[] output, int outputOffset) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv, aad);
            cipher.doFinal(plaintext, 0, plaintext.length, output, outputOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption is unavailable", e);
        }
    }

    /**
     * Decrypts and authenticates {@code sealed[offset, offset+length)} (ciphertext followed by tag).
     *
     * @throws AEADBadTagException if the tag does not match: wrong key, wrong AAD, or altered bytes
     */
    static byte[] open(SecretKey key, byte[] iv, byte[] aad, byte[] sealed, int offset, int length)
            throws AEADBadTagException {
        try {
            return cipher(Cipher.DECRYPT_MODE, key, iv, aad).doFinal(sealed, offset, length);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption is unavailable", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * Byte.SIZE, iv));
        cipher.updateAAD(aad);
        return cipher;
    }
}
