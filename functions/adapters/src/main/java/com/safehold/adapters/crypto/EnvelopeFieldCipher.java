package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import com.safehold.domain.crypto.FieldErasedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Envelope encryption of personal fields (SPEC 4.7): AES-256-GCM under the data key of the field's owner,
 * from the {@link PersonKeyring}. See docs/decisions/0003-field-encryption.md for why it is written here
 * rather than taken from the AWS Encryption SDK, and 0011-per-person-keys.md for the keys.
 *
 * <p>Format, version 2 (lengths in bytes):
 * <pre>
 *   version(1) = 2 | iv(12) | ciphertext | tag(16)
 * </pre>
 * The field does not carry its key: the key is found by the owner named in the {@link FieldContext}, so
 * destroying the one stored key makes every copy unreadable. The GCM additional authenticated data is
 * {@code version(1) | FieldContext.canonicalBytes()}: a field opens only for its owner, in the table, item
 * and attribute it was written for, and only as the version it was written as. The IV is 96 random bits per
 * field; a person's key encrypts far fewer than the 2^32 fields random IVs allow.
 *
 * <p>Thread-safe. Every decryption failure is a {@link FieldDecryptionException} whose message names the
 * table and attribute and the reason, never plaintext, key bytes, the owner or the item key.
 */
public final class EnvelopeFieldCipher implements FieldCipher {

    /** The format written by this class; the first byte of every field. */
    static final byte FORMAT_VERSION = 2;

    private static final int BODY_OFFSET = 1 + AesGcm.IV_BYTES;

    private final PersonKeyring keys;

    public EnvelopeFieldCipher(PersonKeyring keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** A cipher over its own {@link PersonKeyring} with {@link KeyCacheLimits#DEFAULTS}. */
    public EnvelopeFieldCipher(DataKeySource source, PersonKeyVault vault, Clock clock) {
        this(new PersonKeyring(source, vault, clock, KeyCacheLimits.DEFAULTS));
    }

    @Override
    public byte[] encrypt(String plaintext, FieldContext context) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(context, "context");
        byte[] data = plaintext.getBytes(StandardCharsets.UTF_8);
        SecretKey key = keys.forEncryption(context.owner());
        byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);
        byte[] field = new byte[BODY_OFFSET + AesGcm.sealedLength(data.length)];
        field[0] = FORMAT_VERSION;
        System.arraycopy(iv, 0, field, 1, iv.length);
        AesGcm.seal(key, iv, additionalData(FORMAT_VERSION, context), data, field, BODY_OFFSET);
        return field;
    }

    @Override
    public String decrypt(byte[] ciphertext, FieldContext context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(context, "context");
        if (ciphertext.length == 0) {
            throw refused(context, "empty", null);
        }
        byte version = ciphertext[0];
        if (version != FORMAT_VERSION) {
            throw refused(context, "unknown format version " + Byte.toUnsignedInt(version), null);
        }
        if (ciphertext.length < BODY_OFFSET + AesGcm.TAG_BYTES) {
            throw refused(context, "truncated (" + ciphertext.length + " bytes)", null);
        }
        SecretKey key;
        try {
            key = keys.forDecryption(context.owner());
        } catch (FieldErasedException e) {
            throw new FieldErasedException("cannot decrypt " + context.table() + "." + context.attribute()
                    + ": its owner was erased");
        } catch (FieldDecryptionException e) {
            throw refused(context, "its data key was refused", e);
        }
        try {
            byte[] data = AesGcm.open(key, Arrays.copyOfRange(ciphertext, 1, BODY_OFFSET),
                    additionalData(version, context), ciphertext, BODY_OFFSET, ciphertext.length - BODY_OFFSET);
            return new String(data, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw refused(context, "it does not authenticate: altered, or written for another owner, item,"
                    + " attribute or table", e);
        }
    }

    /** {@code version | context.canonicalBytes()}: binds a field to its owner, its place and its format. */
    private static byte[] additionalData(byte version, FieldContext context) {
        byte[] place = context.canonicalBytes();
        byte[] aad = new byte[1 + place.length];
        aad[0] = version;
        System.arraycopy(place, 0, aad, 1, place.length);
        return aad;
    }

    /** The owner and item key are left out of the message on purpose: they may identify a person. */
    private static FieldDecryptionException refused(FieldContext context, String reason, Throwable cause) {
        return new FieldDecryptionException(
                "cannot decrypt " + context.table() + "." + context.attribute() + ": " + reason, cause);
    }
}
