package com.safehold.domain.crypto;

/**
 * A ciphertext could not be opened: tampered, bound to another item or attribute, or its key destroyed.
 * The message never contains plaintext or key material.
 */
public class FieldDecryptionException extends RuntimeException {
    public FieldDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
