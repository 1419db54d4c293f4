package com.safehold.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The field format and its guarantees, over the local keyring. */
class EnvelopeFieldCipherTest {

    private static final FieldContext EMAIL = new FieldContext("users", "u-1", "email");
    private static final String SECRET = "alice@example.com";
    /** Local keyring: iv(12) + key(32) + tag(16). */
    private static final int WRAPPED_BYTES = 60;
    private static final int HEADER_BYTES = 3;

    private final byte[] masterKey = AesGcm.randomBytes(32);
    private final EnvelopeFieldCipher cipher =
            new EnvelopeFieldCipher(new LocalKeyringDataKeySource(masterKey), new MutableClock());

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
        byte[] field = cipher.encrypt(plaintext, EMAIL);

        assertThat(cipher.decrypt(field, EMAIL)).isEqualTo(plaintext);
    }

    @Test
    void writesVersionWrappedKeyIvAndCiphertextWithTag() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);

        int body = SECRET.getBytes(StandardCharsets.UTF_8).length;
        assertThat(field).hasSize(HEADER_BYTES + WRAPPED_BYTES + 12 + body + 16);
        assertThat(field[0]).isEqualTo((byte) 1);
        assertThat(((field[1] & 0xFF) << 8) | (field[2] & 0xFF)).isEqualTo(WRAPPED_BYTES);
        assertThat(new String(field, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    }

    @Test
    void twoEncryptionsOfTheSameTextDiffer() {
        byte[] first = cipher.encrypt(SECRET, EMAIL);
        byte[] second = cipher.encrypt(SECRET, EMAIL);

        assertThat(first).isNotEqualTo(second);
        assertThat(iv(first)).isNotEqualTo(iv(second));
        assertThat(wrappedKey(first)).as("same cached data key").isEqualTo(wrappedKey(second));
        assertThat(cipher.decrypt(first, EMAIL)).isEqualTo(cipher.decrypt(second, EMAIL));
    }

    static Stream<Arguments> regions() {
        int ivStart = HEADER_BYTES + WRAPPED_BYTES;
        int bodyStart = ivStart + 12;
        int tagStart = bodyStart + SECRET.length();
        return Stream.of(
                Arguments.of("version", 0),
                Arguments.of("wrapped key length, high byte", 1),
                Arguments.of("wrapped key length, low byte", 2),
                Arguments.of("wrapped key, first byte", HEADER_BYTES),
                Arguments.of("wrapped key, last byte", ivStart - 1),
                Arguments.of("iv, first byte", ivStart),
                Arguments.of("iv, last byte", bodyStart - 1),
                Arguments.of("body, first byte", bodyStart),
                Arguments.of("body, last byte", tagStart - 1),
                Arguments.of("tag, first byte", tagStart),
                Arguments.of("tag, last byte", tagStart + 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void refusesAFieldWithOneFlippedBit(String region, int index) {
        byte[] field = cipher.encrypt(SECRET, EMAIL);
        field[index] ^= 0x01;

        assertRefused(() -> cipher.decrypt(field, EMAIL));
    }

    @Test
    void refusesEveryTruncation() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);

        IntStream.range(0, field.length).forEach(length ->
                assertRefused(() -> cipher.decrypt(Arrays.copyOf(field, length), EMAIL)));
    }

    @Test
    void refusesEmptyInput() {
        assertRefused(() -> cipher.decrypt(new byte[0], EMAIL));
    }

    @Test
    void refusesTrailingBytes() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);

        assertRefused(() -> cipher.decrypt(Arrays.copyOf(field, field.length + 1), EMAIL));
    }

    @Test
    void refusesAnUnknownFormatVersionByName() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);
        field[0] = 2;

        assertRefused(() -> cipher.decrypt(field, EMAIL)).hasMessageContaining("unknown format version 2");
    }

    @Test
    void refusesAFieldMovedToAnotherItem() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);

        assertRefused(() -> cipher.decrypt(field, new FieldContext("users", "u-2", "email")));
    }

    @Test
    void refusesAFieldMovedToAnotherAttribute() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);

        assertRefused(() -> cipher.decrypt(field, new FieldContext("users", "u-1", "phone")));
    }

    @Test
    void refusesAFieldMovedToAnotherTable() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);

        assertRefused(() -> cipher.decrypt(field, new FieldContext("merchants", "u-1", "email")));
    }

    @Test
    void refusesAFieldWhosePartsWereShiftedBetweenContextParts() {
        FieldContext original = new FieldContext("users", "u-1", "email");
        byte[] field = cipher.encrypt(SECRET, original);

        assertRefused(() -> cipher.decrypt(field, new FieldContext("users", "u-1e", "mail")));
    }

    @Test
    void refusesAFieldFromAnotherKeyring() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);
        EnvelopeFieldCipher other =
                new EnvelopeFieldCipher(new LocalKeyringDataKeySource(AesGcm.randomBytes(32)), new MutableClock());

        assertRefused(() -> other.decrypt(field, EMAIL)).hasMessageContaining("data key was refused");
    }

    @Test
    void opensAFieldWrittenByAnotherInstanceWithTheSameKeyring() {
        byte[] field = cipher.encrypt(SECRET, EMAIL);
        EnvelopeFieldCipher restarted =
                new EnvelopeFieldCipher(new LocalKeyringDataKeySource(masterKey), new MutableClock());

        assertThat(restarted.decrypt(field, EMAIL)).isEqualTo(SECRET);
    }

    @Test
    void failureMessagesNameTableAndAttributeButNoSecretsAndNotTheItemKey() {
        FieldContext context = new FieldContext("users", "person-4711", "email");
        byte[] field = cipher.encrypt(SECRET, context);
        field[field.length - 1] ^= 0x01;

        assertRefused(() -> cipher.decrypt(field, context))
                .hasMessageStartingWith("cannot decrypt users.email: ")
                .hasMessageNotContaining("person-4711")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(HexFormat.of().formatHex(masterKey));
    }

    @Test
    void encryptRejectsNull() {
        assertThatThrownBy(() -> cipher.encrypt(null, EMAIL)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cipher.encrypt(SECRET, null)).isInstanceOf(NullPointerException.class);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ThrowingCallable decryption) {
        return assertThatThrownBy(decryption)
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageNotContaining(SECRET);
    }

    private static byte[] wrappedKey(byte[] field) {
        return Arrays.copyOfRange(field, HEADER_BYTES, HEADER_BYTES + WRAPPED_BYTES);
    }

    private static byte[] iv(byte[] field) {
        int start = HEADER_BYTES + WRAPPED_BYTES;
        return Arrays.copyOfRange(field, start, start + 12);
    }
}
