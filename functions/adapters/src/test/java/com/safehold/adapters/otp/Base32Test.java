package com.safehold.adapters.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Base32Test {

    /** RFC 4648 section 10, with the padding our encoding leaves off. */
    @ParameterizedTest
    @CsvSource(value = {"'', '', ''", "f, MY, ======", "fo, MZXQ, ====", "foo, MZXW6, ===", "foob, MZXW6YQ, =",
            "fooba, MZXW6YTB, ''", "foobar, MZXW6YTBOI, ======"})
    void theRfc4648TestVectors(String text, String encoded, String padding) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(bytes);
        assertThat(Base32.decode(encoded + padding)).isEqualTo(bytes);
        assertThat(Base32.decode(encoded.toLowerCase(java.util.Locale.ROOT))).isEqualTo(bytes);
    }

    /** The same as commons-codec, which encoded the secrets stored before (padding aside), for every length. */
    @Test
    void agreesWithCommonsCodec_onRandomBytesOfEveryLengthUpTo64() {
        var commons = new org.apache.commons.codec.binary.Base32();
        Random random = new Random(42);
        for (int length = 0; length <= 64; length++) {
            for (int round = 0; round < 20; round++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                String padded = commons.encodeToString(bytes);
                assertThat(Base32.encode(bytes)).isEqualTo(padded.replace("=", ""));
                assertThat(Base32.decode(padded)).isEqualTo(bytes);
                assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
            }
        }
    }

    @Test
    void refusesCharactersOutsideTheAlphabet() {
        for (String bad : new String[] {"MZXW1", "MZXW8", "MZ XW", "MZ=XW", "MZXW6YT-"}) {
            assertThatThrownBy(() -> Base32.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
