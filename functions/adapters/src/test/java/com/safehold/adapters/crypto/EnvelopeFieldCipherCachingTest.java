package com.safehold.adapters.crypto;

import static com.safehold.adapters.crypto.FakeKmsHttpClient.DECRYPT;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.GENERATE_DATA_KEY;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.KEY_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.crypto.FakeKmsHttpClient.CannedResponse;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Data key reuse bounds the KMS calls (SPEC 4.7; ADR 0003), counted on the wire. */
class EnvelopeFieldCipherCachingTest {

    private static final Duration MAX_AGE = KeyCacheLimits.DEFAULTS.maxAge();
    private static final FieldContext EMAIL = new FieldContext("users", "u-1", "email");

    private final FakeKmsHttpClient kms = new FakeKmsHttpClient();
    private final MutableClock clock = new MutableClock();
    private final EnvelopeFieldCipher writer = cipher(KeyCacheLimits.DEFAULTS);

    @Test
    void aThousandEncryptionsUseOneGenerateDataKey() {
        for (int i = 0; i < 1_000; i++) {
            writer.encrypt("person " + i, context(i));
        }

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(1);
        assertThat(kms.requests()).hasSize(1);
    }

    @Test
    void aDataKeyEncryptsUntilItReachesMaxAge() {
        byte[] first = writer.encrypt("a", EMAIL);
        clock.advance(MAX_AGE.minusMillis(1));
        byte[] beforeMaxAge = writer.encrypt("b", EMAIL);

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(1);
        assertThat(wrappedKey(beforeMaxAge)).isEqualTo(wrappedKey(first));

        clock.advance(Duration.ofMillis(1));
        byte[] atMaxAge = writer.encrypt("c", EMAIL);

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(2);
        assertThat(wrappedKey(atMaxAge)).isNotEqualTo(wrappedKey(first));
    }

    @Test
    void aDataKeyEncryptsAtMostMaxUsesFields() {
        byte[] first = writer.encrypt("first", EMAIL);
        for (int i = 1; i < KeyCacheLimits.DEFAULTS.maxUses(); i++) {
            writer.encrypt("person " + i, context(i));
        }
        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(1);

        byte[] next = writer.encrypt("one too many", EMAIL);

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(2);
        assertThat(wrappedKey(next)).isNotEqualTo(wrappedKey(first));
    }

    @Test
    void customLimitsApply() {
        EnvelopeFieldCipher cipher = cipher(new KeyCacheLimits(Duration.ofMinutes(1), 3, 10));

        for (int i = 0; i < 7; i++) {
            cipher.encrypt("x", EMAIL);
        }

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(3);
    }

    @Test
    void theWritingInstanceReadsItsOwnFieldsWithoutDecrypt() {
        byte[] field = writer.encrypt("alice@example.com", EMAIL);

        assertThat(writer.decrypt(field, EMAIL)).isEqualTo("alice@example.com");
        assertThat(kms.count(DECRYPT)).isZero();
    }

    @Test
    void aColdInstanceDecryptsAHundredFieldsSharingOneDataKeyWithOneDecrypt() {
        List<byte[]> fields = encryptHundred();
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);

        for (int i = 0; i < fields.size(); i++) {
            assertThat(reader.decrypt(fields.get(i), context(i))).isEqualTo("person " + i);
        }

        assertThat(kms.count(DECRYPT)).isEqualTo(1);
        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(1);
    }

    @Test
    void anUnwrappedKeyIsUnwrappedAgainAfterMaxAge() {
        List<byte[]> fields = encryptHundred();
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);
        reader.decrypt(fields.get(0), context(0));

        clock.advance(MAX_AGE.minusMillis(1));
        reader.decrypt(fields.get(1), context(1));
        assertThat(kms.count(DECRYPT)).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        reader.decrypt(fields.get(2), context(2));
        assertThat(kms.count(DECRYPT)).isEqualTo(2);
    }

    @Test
    void aColdInstanceDecryptingAnOldFieldCallsDecryptOnce() {
        byte[] old = writer.encrypt("written long ago", EMAIL);
        clock.advance(Duration.ofDays(400));
        writer.encrypt("written today", EMAIL);
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);

        assertThat(reader.decrypt(old, EMAIL)).isEqualTo("written long ago");
        assertThat(reader.decrypt(old, EMAIL)).isEqualTo("written long ago");

        assertThat(kms.count(DECRYPT)).isEqualTo(1);
    }

    @Test
    void theDecryptCacheHoldsAtMostMaxCachedKeysAndDropsTheOldest() {
        EnvelopeFieldCipher oneKeyPerField = cipher(new KeyCacheLimits(MAX_AGE, 1, 100));
        byte[][] fields = {oneKeyPerField.encrypt("0", EMAIL), oneKeyPerField.encrypt("1", EMAIL),
                oneKeyPerField.encrypt("2", EMAIL)};
        EnvelopeFieldCipher reader = cipher(new KeyCacheLimits(MAX_AGE, 10, 2));

        for (byte[] field : fields) {
            reader.decrypt(field, EMAIL);
        }
        assertThat(kms.count(DECRYPT)).isEqualTo(3);

        reader.decrypt(fields[2], EMAIL);
        reader.decrypt(fields[1], EMAIL);
        assertThat(kms.count(DECRYPT)).as("the two newest are cached").isEqualTo(3);

        reader.decrypt(fields[0], EMAIL);
        assertThat(kms.count(DECRYPT)).as("the oldest was dropped").isEqualTo(4);
    }

    @Test
    void aTransientKmsFailurePropagatesAndIsNotCached() {
        byte[] field = writer.encrypt("alice@example.com", EMAIL);
        EnvelopeFieldCipher reader = new EnvelopeFieldCipher(
                new KmsDataKeySource(kms.kmsClientWithoutRetries(), KEY_ARN), clock);
        kms.respondNext(CannedResponse.error(400, "ThrottlingException", "Rate exceeded"));

        assertThatThrownBy(() -> reader.decrypt(field, EMAIL))
                .isInstanceOf(KmsException.class)
                .isNotInstanceOf(FieldDecryptionException.class);
        assertThat(reader.decrypt(field, EMAIL)).isEqualTo("alice@example.com");
        assertThat(kms.count(DECRYPT)).isEqualTo(2);
    }

    @Test
    void aDataKeyKmsRefusesIsAFieldDecryptionFailure() {
        byte[] field = writer.encrypt("alice@example.com", EMAIL);
        field[3] ^= 0x01; // first byte of the KMS ciphertext blob
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);

        assertThatThrownBy(() -> reader.decrypt(field, EMAIL))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessage("cannot decrypt users.email: its data key was refused");
    }

    private EnvelopeFieldCipher cipher(KeyCacheLimits limits) {
        return new EnvelopeFieldCipher(new KmsDataKeySource(kms.kmsClient(), KEY_ARN), clock, limits);
    }

    private List<byte[]> encryptHundred() {
        List<byte[]> fields = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fields.add(writer.encrypt("person " + i, context(i)));
        }
        return fields;
    }

    private static FieldContext context(int i) {
        return new FieldContext("users", "u-" + i, "email");
    }

    private static byte[] wrappedKey(byte[] field) {
        int length = ((field[1] & 0xFF) << 8) | (field[2] & 0xFF);
        return Arrays.copyOfRange(field, 3, 3 + length);
    }
}
