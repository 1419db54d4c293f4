package com.safehold.adapters.crypto;

import static com.safehold.adapters.crypto.FakeKmsHttpClient.DECRYPT;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.GENERATE_DATA_KEY;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.KEY_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.crypto.FakeKmsHttpClient.CannedResponse;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import com.safehold.domain.crypto.FieldErasedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Per-person keys keep KMS calls bounded by the people an instance touches, never by its request rate
 * (SPEC 4.7; ADR 0011), counted on the wire.
 */
class EnvelopeFieldCipherCachingTest {

    private static final Duration MAX_AGE = KeyCacheLimits.DEFAULTS.maxAge();

    private final FakeKmsHttpClient kms = new FakeKmsHttpClient();
    private final MutableClock clock = new MutableClock();
    private final DynamoDbPersonKeyVault vault = PersonKeyVaults.dynamoDbLocal();
    private final UserId alice = PersonKeyVaults.newOwner();
    private final EnvelopeFieldCipher writer = cipher(KeyCacheLimits.DEFAULTS);

    @Test
    void aThousandFieldsOfOnePersonCostOneGenerateDataKeyEver() {
        for (int i = 0; i < 1_000; i++) {
            writer.encrypt("message " + i, message(alice, i));
        }

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(1);
        assertThat(kms.requests()).hasSize(1);
    }

    @Test
    void eachPersonGetsTheirOwnKeyOnce_evenAfterTheCacheExpires() {
        List<UserId> people = people(20);
        people.forEach(person -> writer.encrypt("a", message(person, 0)));
        clock.advance(MAX_AGE.multipliedBy(3));
        people.forEach(person -> writer.encrypt("b", message(person, 1)));

        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(20);
        assertThat(kms.count(DECRYPT)).as("the second round unwraps the stored keys").isEqualTo(20);
    }

    @Test
    void theWritingInstanceReadsItsOwnFieldsWithoutDecrypt() {
        byte[] field = writer.encrypt("alice@example.com", message(alice, 0));

        assertThat(writer.decrypt(field, message(alice, 0))).isEqualTo("alice@example.com");
        assertThat(kms.count(DECRYPT)).isZero();
    }

    @Test
    void aColdInstanceReadsAHundredFieldsOfOnePersonWithOneDecrypt() {
        List<byte[]> fields = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fields.add(writer.encrypt("message " + i, message(alice, i)));
        }
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);

        for (int i = 0; i < fields.size(); i++) {
            assertThat(reader.decrypt(fields.get(i), message(alice, i))).isEqualTo("message " + i);
        }

        assertThat(kms.count(DECRYPT)).isEqualTo(1);
    }

    @Test
    void tenThousandReadsOfThreePeopleWithinTheCacheAgeCostThreeDecrypts() {
        List<UserId> people = people(3);
        List<byte[]> fields = people.stream().map(p -> writer.encrypt("hello", message(p, 0))).toList();
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);
        Duration step = MAX_AGE.minusSeconds(1).dividedBy(10_000);

        for (int i = 0; i < 10_000; i++) {
            int who = i % 3;
            reader.decrypt(fields.get(who), message(people.get(who), 0));
            clock.advance(step);
        }

        assertThat(kms.count(DECRYPT)).isEqualTo(3);
    }

    @Test
    void anUnwrappedKeyIsUnwrappedAgainAfterMaxAge() {
        byte[] field = writer.encrypt("x", message(alice, 0));
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);
        reader.decrypt(field, message(alice, 0));

        clock.advance(MAX_AGE.minusMillis(1));
        reader.decrypt(field, message(alice, 0));
        assertThat(kms.count(DECRYPT)).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        reader.decrypt(field, message(alice, 0));
        assertThat(kms.count(DECRYPT)).isEqualTo(2);
    }

    @Test
    void theCacheHoldsAtMostMaxCachedKeysAndDropsTheOldest() {
        List<UserId> people = people(3);
        List<byte[]> fields = people.stream().map(p -> writer.encrypt("x", message(p, 0))).toList();
        EnvelopeFieldCipher reader = cipher(new KeyCacheLimits(MAX_AGE, 2));

        for (int i = 0; i < 3; i++) {
            reader.decrypt(fields.get(i), message(people.get(i), 0));
        }
        assertThat(kms.count(DECRYPT)).isEqualTo(3);

        reader.decrypt(fields.get(2), message(people.get(2), 0));
        reader.decrypt(fields.get(1), message(people.get(1), 0));
        assertThat(kms.count(DECRYPT)).as("the two newest are cached").isEqualTo(3);

        reader.decrypt(fields.get(0), message(people.get(0), 0));
        assertThat(kms.count(DECRYPT)).as("the oldest was dropped").isEqualTo(4);
    }

    @Test
    void anErasedPersonsFieldsCostNoKmsCallAtAll() {
        List<byte[]> fields = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fields.add(writer.encrypt("message " + i, message(alice, i)));
        }
        vault.shred(alice, Instant.parse("2026-11-23T15:00:00Z"));
        EnvelopeFieldCipher reader = cipher(KeyCacheLimits.DEFAULTS);
        int before = kms.requests().size();

        for (int i = 0; i < fields.size(); i++) {
            int n = i;
            assertThatThrownBy(() -> reader.decrypt(fields.get(n), message(alice, n)))
                    .isInstanceOf(FieldErasedException.class);
        }

        assertThat(kms.requests()).hasSize(before);
    }

    @Test
    void aTransientKmsFailurePropagatesAndIsNotCached() {
        byte[] field = writer.encrypt("alice@example.com", message(alice, 0));
        EnvelopeFieldCipher reader = new EnvelopeFieldCipher(
                new KmsDataKeySource(kms.kmsClientWithoutRetries(), KEY_ARN), vault, clock);
        kms.respondNext(CannedResponse.error(400, "ThrottlingException", "Rate exceeded"));

        assertThatThrownBy(() -> reader.decrypt(field, message(alice, 0)))
                .isInstanceOf(KmsException.class)
                .isNotInstanceOf(FieldDecryptionException.class);
        assertThat(reader.decrypt(field, message(alice, 0))).isEqualTo("alice@example.com");
        assertThat(kms.count(DECRYPT)).isEqualTo(2);
    }

    @Test
    void aKeyCopiedToAnotherPersonsVaultRecordIsRefusedByKms() {
        writer.encrypt("alice's", message(alice, 0));
        UserId mallory = PersonKeyVaults.newOwner();
        vault.create(mallory, vault.find(alice).orElseThrow().wrapped(), clock.now());
        byte[] field = writer.encrypt("alice's", message(alice, 1));

        assertThatThrownBy(() -> cipher(KeyCacheLimits.DEFAULTS).decrypt(field,
                new FieldContext(mallory, "messages", "m-1", "text")))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessage("cannot decrypt messages.text: its data key was refused");
    }

    private EnvelopeFieldCipher cipher(KeyCacheLimits limits) {
        return new EnvelopeFieldCipher(new PersonKeyring(new KmsDataKeySource(kms.kmsClient(), KEY_ARN), vault, clock,
                limits));
    }

    private static List<UserId> people(int count) {
        List<UserId> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            people.add(PersonKeyVaults.newOwner());
        }
        return people;
    }

    private static FieldContext message(UserId author, int i) {
        return new FieldContext(author, "messages", "m-" + i, "text");
    }
}
