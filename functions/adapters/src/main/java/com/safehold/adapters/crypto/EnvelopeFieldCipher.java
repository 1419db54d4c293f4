package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Envelope encryption of personal fields (SPEC 4.7): AES-256-GCM under a data key from a
 * {@link DataKeySource}, the wrapped data key stored in each field. See
 * docs/decisions/0003-field-encryption.md for why it is written here rather than taken from the AWS
 * Encryption SDK.
 *
 * <p>Format, version 1 (all lengths in bytes, integers big-endian):
 * <pre>
 *   version(1) = 1 | wrappedKeyLength(2) | wrappedKey | iv(12) | ciphertext | tag(16)
 * </pre>
 * The GCM additional authenticated data is {@code version(1) | FieldContext.canonicalBytes()}: a field
 * opens only in the table, item and attribute it was written for, and only as the version it was written
 * as. The IV is 96 random bits per field. A changed wrapped key either fails to unwrap or yields a key
 * under which the tag fails, so every byte is covered.
 *
 * <p>Data keys are reused within {@link KeyCacheLimits} (by default 5 minutes or 10 000 fields), which keeps
 * KMS calls to about one per warm environment per 5 minutes.
 *
 * <p>Thread-safe. Every decryption failure is a {@link FieldDecryptionException} whose message names the
 * table and attribute and the reason, never plaintext, key bytes or the item key.
 */
public final class EnvelopeFieldCipher implements FieldCipher {

    /** The format written by this class; the first byte of every field. */
    static final byte FORMAT_VERSION = 1;

    private static final int LENGTH_BYTES = 2;
    private static final int HEADER_BYTES = 1 + LENGTH_BYTES;

    private final DataKeyCache keys;

    /** System clock, {@link KeyCacheLimits#DEFAULTS}: what AWS uses. */
    public EnvelopeFieldCipher(DataKeySource source) {
        this(source, Clock.system());
    }

    /** Key ages measured on {@code clock} (the local platform's movable clock, or a test clock). */
    public EnvelopeFieldCipher(DataKeySource source, Clock clock) {
        this(source, clock, KeyCacheLimits.DEFAULTS);
    }

    public EnvelopeFieldCipher(DataKeySource source, Clock clock, KeyCacheLimits limits) {
        this.keys = new DataKeyCache(source, clock, limits);
    }

    @Override
    public byte[] encrypt(String plaintext, FieldContext context) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(context, "context");
        byte[] data = plaintext.getBytes(StandardCharsets.UTF_8);
        DataKeyCache.CachedKey key = keys.forEncryption();
        byte[] wrapped = key.wrapped();
        byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);

        int ivOffset = HEADER_BYTES + wrapped.length;
        int bodyOffset = ivOffset + AesGcm.IV_BYTES;
        byte[] field = new byte[bodyOffset + AesGcm.sealedLength(data.length)];
        field[0] = FORMAT_VERSION;
        field[1] = (byte) (wrapped.length >>> Byte.SIZE);
        field[2] = (byte) wrapped.length;
        System.arraycopy(wrapped, 0, field, HEADER_BYTES, wrapped.length);
        System.arraycopy(iv, 0, field, ivOffset, iv.length);
        AesGcm.seal(key.key(), iv, additionalData(FORMAT_VERSION, context), data, field, bodyOffset);
        return field;
    }

    @Override
    public String decrypt(byte[] ciphertext, FieldContext context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(context, "context");
        if (ciphertext.length < HEADER_BYTES) {
            throw refused(context, "too short (" + ciphertext.length + " bytes)", null);
        }
        byte version = ciphertext[0];
        if (version != FORMAT_VERSION) {
            throw refused(context, "unknown format version " + Byte.toUnsignedInt(version), null);
        }
        int wrappedLength = (Byte.toUnsignedInt(ciphertext[1]) << Byte.SIZE) | Byte.toUnsignedInt(ciphertext[2]);
        int ivOffset = HEADER_BYTES + wrappedLength;
        int bodyOffset = ivOffset + AesGcm.IV_BYTES;
        if (wrappedLength == 0 || ciphertext.length < bodyOffset + AesGcm.TAG_BYTES) {
            throw refused(context, "truncated (" + ciphertext.length + " bytes)", null);
        }
        byte[] wrapped = Arrays.copyOfRange(ciphertext, HEADER_BYTES, ivOffset);
        byte[] iv = Arrays.copyOfRange(ciphertext, ivOffset, bodyOffset);

        SecretKey key;
        try {
            key = keys.forDecryption(wrapped);
        } catch (FieldDecryptionException e) {
            throw refused(context, "its data key was refused", e);
        }
        try {
            byte[] data = AesGcm.open(key, iv, additionalData(version, context),
                    ciphertext, bodyOffset, ciphertext.length - bodyOffset);
            return new String(data, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw refused(context, "it does not authenticate: altered, or written for another item, attribute"
                    + " or table", e);
        }
    }

    /** {@code version | context.canonicalBytes()}: binds a field to its place and its format. */
    private static byte[] additionalData(byte version, FieldContext context) {
        byte[] place = context.canonicalBytes();
        byte[] aad = new byte[1 + place.length];
        aad[0] = version;
        System.arraycopy(place, 0, aad, 1, place.length);
        return aad;
    }

    /** The item key is left out of the message on purpose: it may identify a person. */
    private static FieldDecryptionException refused(FieldContext context, String reason, Throwable cause) {
        return new FieldDecryptionException(
                "cannot decrypt " + context.table() + "." + context.attribute() + ": " + reason, cause);
    }
}
