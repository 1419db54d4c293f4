package com.safehold.adapters.crypto;

import java.util.Arrays;

/**
 * A fresh data key for envelope encryption (SPEC 4.7): the AES-256 key itself and the same key wrapped
 * (encrypted) under a master key for one person, which is what the {@link PersonKeyVault} stores.
 *
 * <p>The plaintext key is secret: {@link #toString()} never shows it, so a data key that ends up in a log
 * line or an assertion message leaks nothing. Both arrays are copied in and out.
 *
 * @param plaintext the 32-byte AES-256 key
 * @param wrapped   the key encrypted by the {@link DataKeySource}; opaque, at most 65 535 bytes
 */
public record DataKey(byte[] plaintext, byte[] wrapped) {

    /** A sanity bound: KMS blobs are about 200 bytes, local ones 60. */
    public static final int MAX_WRAPPED_BYTES = 0xFFFF;

    public DataKey {
        if (plaintext.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a data key has " + AesGcm.KEY_BYTES + " bytes, not " + plaintext.length);
        }
        if (wrapped.length == 0 || wrapped.length > MAX_WRAPPED_BYTES) {
            throw new IllegalArgumentException("a wrapped data key has 1 to " + MAX_WRAPPED_BYTES + " bytes, not "
                    + wrapped.length);
        }
        plaintext = plaintext.clone();
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKey that
                && Arrays.equals(plaintext, that.plaintext) && Arrays.equals(wrapped, that.wrapped);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wrapped);
    }

    /** Shows only sizes: never the key bytes. */
    @Override
    public String toString() {
        return "DataKey[plaintext=<redacted " + plaintext.length + " bytes>, wrapped=" + wrapped.length + " bytes]";
    }
}
