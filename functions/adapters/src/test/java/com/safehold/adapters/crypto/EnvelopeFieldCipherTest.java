package com.safehold.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.testing.DynamoDbLocalFixture;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import com.safehold.domain.crypto.FieldErasedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The field format, per-person keys and crypto-shredding, over the local keyring and the real key vault. */
class EnvelopeFieldCipherTest {

    private static final String SECRET = "alice@example.com";
    private static final int IV_START = 1;
    private static final int BODY_START = IV_START + 12;

    private final UserId alice = PersonKeyVaults.newOwner();
    private final UserId bob = PersonKeyVaults.newOwner();
    private final FieldContext phone = new FieldContext(alice, "accounts", alice.value(), "phone");
    private final byte[] masterKey = AesGcm.randomBytes(32);
    private final EnvelopeFieldCipher cipher = cipher(masterKey);

    static Stream<String> plaintexts() {
        return Stream.of(
                "alice@example.com",
                "Zoë Ångström-Łukasiewicz, 東京都 🙂🔐👩‍👩‍👧",
                "",
                "0123456789".repeat(1024));
    }

    @ParameterizedTest
    @MethodSource("plaintexts")
    void roundTripsAnyText(String plaintext) {
        byte[] field = cipher.encrypt(plaintext, phone);

        assertThat(cipher.decrypt(field, phone)).isEqualTo(plaintext);
    }

    @Test
    void writesVersionIvAndCiphertextWithTag_andNotTheKey() {
        byte[] field = cipher.encrypt(SECRET, phone);

        int body = SECRET.getBytes(StandardCharsets.UTF_8).length;
        assertThat(field).hasSize(1 + 12 + body + 16);
        assertThat(field[0]).isEqualTo((byte) 2);
        assertThat(new String(field, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        byte[] wrapped = PersonKeyVaults.dynamoDbLocal().find(alice).orElseThrow().wrapped();
        assertThat(indexOf(field, wrapped)).as("the wrapped key stays in the vault only").isEqualTo(-1);
    }

    @Test
    void twoEncryptionsOfTheSameTextDiffer() {
        byte[] first = cipher.encrypt(SECRET, phone);
        byte[] second = cipher.encrypt(SECRET, phone);

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOfRange(first, IV_START, BODY_START))
                .isNotEqualTo(Arrays.copyOfRange(second, IV_START, BODY_START));
        assertThat(cipher.decrypt(first, phone)).isEqualTo(cipher.decrypt(second, phone));
    }

    static Stream<Arguments> regions() {
        int tagStart = BODY_START + SECRET.length();
        return Stream.of(
                Arguments.of("version", 0),
                Arguments.of("iv, first byte", IV_START),
                Arguments.of("iv, last byte", BODY_START - 1),
                Arguments.of("body, first byte", BODY_START),
                Arguments.of("body, last byte", tagStart - 1),
                Arguments.of("tag, first byte", tagStart),
                Arguments.of("tag, last byte", tagStart + 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void refusesAFieldWithOneFlippedBit(String region, int index) {
        byte[] field = cipher.encrypt(SECRET, phone);
        field[index] ^= 0x01;

        assertRefused(() -> cipher.decrypt(field, phone));
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        byte[] field = cipher.encrypt(SECRET, phone);

        IntStream.range(0, field.length).forEach(length ->
                assertRefused(() -> cipher.decrypt(Arrays.copyOf(field, length), phone)));
        assertRefused(() -> cipher.decrypt(Arrays.copyOf(field, field.length + 1), phone));
    }

    @Test
    void refusesTheFormerSharedKeyFormatByName() {
        byte[] field = cipher.encrypt(SECRET, phone);
        field[0] = 1;

        assertRefused(() -> cipher.decrypt(field, phone)).hasMessageContaining("unknown format version 1");
    }

    @Test
    void refusesAFieldMovedToAnotherItemAttributeOrTable() {
        byte[] field = cipher.encrypt(SECRET, phone);

        assertRefused(() -> cipher.decrypt(field, new FieldContext(alice, "accounts", "u-2", "phone")));
        assertRefused(() -> cipher.decrypt(field, new FieldContext(alice, "accounts", alice.value(), "totpSecret")));
        assertRefused(() -> cipher.decrypt(field, new FieldContext(alice, "users", alice.value(), "phone")));
    }

    @Test
    void refusesAFieldMovedToAnotherPersonsItem() {
        byte[] field = cipher.encrypt(SECRET, phone);
        cipher.encrypt("bob's own number", new FieldContext(bob, "accounts", bob.value(), "phone"));

        assertRefused(() -> cipher.decrypt(field, new FieldContext(bob, "accounts", alice.value(), "phone")));
    }

    @Test
    void refusesAFieldWhosePartsWereShiftedBetweenContextParts() {
        byte[] field = cipher.encrypt(SECRET, new FieldContext(alice, "users", "u-1", "email"));

        assertRefused(() -> cipher.decrypt(field, new FieldContext(alice, "users", "u-1e", "mail")));
    }

    @Test
    void refusesAFieldOfAPersonWithoutAKey() {
        byte[] field = cipher.encrypt(SECRET, phone);

        assertRefused(() -> cipher.decrypt(field, new FieldContext(bob, "accounts", alice.value(), "phone")))
                .hasMessageContaining("data key was refused");
    }

    @Test
    void refusesAFieldWhenTheVaultsKeyWasWrappedByAnotherKeyring() {
        byte[] field = cipher.encrypt(SECRET, phone);

        assertRefused(() -> cipher(AesGcm.randomBytes(32)).decrypt(field, phone))
                .hasMessageContaining("data key was refused");
    }

    @Test
    void opensAFieldWrittenByAnotherInstanceWithTheSameKeyring() {
        byte[] field = cipher.encrypt(SECRET, phone);

        assertThat(cipher(masterKey).decrypt(field, phone)).isEqualTo(SECRET);
    }

    @Test
    void failureMessagesNameTableAndAttributeButNoSecretsNorWhoseItIs() {
        FieldContext context = new FieldContext(alice, "users", "person-4711", "email");
        byte[] field = cipher.encrypt(SECRET, context);
        field[field.length - 1] ^= 0x01;

        assertRefused(() -> cipher.decrypt(field, context))
                .hasMessageStartingWith("cannot decrypt users.email: ")
                .hasMessageNotContaining("person-4711")
                .hasMessageNotContaining(alice.value())
                .hasMessageNotContaining(HexFormat.of().formatHex(masterKey));
    }

    @Test
    void encryptRejectsNull() {
        assertThatThrownBy(() -> cipher.encrypt(null, phone)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cipher.encrypt(SECRET, null)).isInstanceOf(NullPointerException.class);
    }

    // ---- crypto-shredding ----------------------------------------------------------------------------------

    @Test
    void shredding_makesEveryCopyUnreadable_evenForAnInstanceThatNeverSawTheKey() {
        byte[] field = cipher.encrypt(SECRET, phone);
        byte[] backup = field.clone();
        FieldContext bobsPhone = new FieldContext(bob, "accounts", bob.value(), "phone");
        byte[] bobsField = cipher.encrypt("+4915100000000", bobsPhone);

        new PersonKeyring(new LocalKeyringDataKeySource(masterKey), PersonKeyVaults.dynamoDbLocal(),
                new MutableClock(), KeyCacheLimits.DEFAULTS).shred(alice);

        EnvelopeFieldCipher cold = cipher(masterKey);
        assertThatThrownBy(() -> cold.decrypt(backup, phone))
                .isInstanceOf(FieldErasedException.class)
                .hasMessage("cannot decrypt accounts.phone: its owner was erased");
        assertThatThrownBy(() -> cold.encrypt("new data", phone)).isInstanceOf(FieldErasedException.class);
        assertThat(cold.decrypt(bobsField, bobsPhone)).as("nobody else is affected").isEqualTo("+4915100000000");
    }

    @Test
    void shredding_leavesATombstoneWithoutKeyMaterial_andIsIdempotent() {
        cipher.encrypt(SECRET, phone);
        PersonKeyring keyring = new PersonKeyring(new LocalKeyringDataKeySource(masterKey),
                PersonKeyVaults.dynamoDbLocal(), new MutableClock(), KeyCacheLimits.DEFAULTS);

        keyring.shred(alice);
        Map<String, AttributeValue> first = rawKeyItem(alice);
        keyring.shred(alice);

        assertThat(first.keySet()).containsExactlyInAnyOrder("owner", "shreddedAt");
        assertThat(rawKeyItem(alice)).isEqualTo(first);
    }

    @Test
    void shredding_theInstanceThatShredsForgetsTheKeyAtOnce() {
        byte[] field = cipher.encrypt(SECRET, phone); // the key is now cached here
        PersonKeyring keyring = new PersonKeyring(new LocalKeyringDataKeySource(masterKey),
                PersonKeyVaults.dynamoDbLocal(), new MutableClock(), KeyCacheLimits.DEFAULTS);
        EnvelopeFieldCipher shredding = new EnvelopeFieldCipher(keyring);
        assertThat(shredding.decrypt(field, phone)).isEqualTo(SECRET);

        keyring.shred(alice);

        assertThatThrownBy(() -> shredding.decrypt(field, phone)).isInstanceOf(FieldErasedException.class);
    }

    @Test
    void aPersonsFirstKey_isMadeOnce_whenColdInstancesRaceForIt() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<byte[]>> fields = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                EnvelopeFieldCipher instance = cipher(masterKey);
                int n = i;
                fields.add(pool.submit(() -> {
                    start.await();
                    return instance.encrypt("message " + n, phone);
                }));
            }
            start.countDown();
            EnvelopeFieldCipher reader = cipher(masterKey);
            for (int i = 0; i < writers; i++) {
                assertThat(reader.decrypt(fields.get(i).get(30, TimeUnit.SECONDS), phone)).isEqualTo("message " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static EnvelopeFieldCipher cipher(byte[] masterKey) {
        return new EnvelopeFieldCipher(new LocalKeyringDataKeySource(masterKey), PersonKeyVaults.dynamoDbLocal(),
                new MutableClock());
    }

    private static Map<String, AttributeValue> rawKeyItem(UserId owner) {
        return DynamoDbLocalFixture.client().getItem(r -> r.tableName(Tables.KEYS.name()).consistentRead(true)
                .key(Map.of("owner", AttributeValue.fromS(owner.value())))).item();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ThrowingCallable decryption) {
        return assertThatThrownBy(decryption)
                .isInstanceOf(FieldDecryptionException.class)
                .isNotInstanceOf(FieldErasedException.class)
                .hasMessageNotContaining(SECRET);
    }

    /** Where {@code part} starts inside {@code whole}, or -1. */
    private static int indexOf(byte[] whole, byte[] part) {
        for (int i = 0; i + part.length <= whole.length; i++) {
            if (Arrays.equals(whole, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
