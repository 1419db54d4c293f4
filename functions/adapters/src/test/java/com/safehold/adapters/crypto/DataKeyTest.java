package com.safehold.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DataKeyTest {

    private final byte[] plaintext = AesGcm.randomBytes(32);
    private final byte[] wrapped = AesGcm.randomBytes(60);

    @Test
    void toStringShowsSizesButNeverTheKey() {
        String shown = new DataKey(plaintext, wrapped).toString();

        assertThat(shown)
                .isEqualTo("DataKey[plaintext=<redacted 32 bytes>, wrapped=60 bytes]")
                .doesNotContain(HexFormat.of().formatHex(plaintext))
                .doesNotContain(Base64.getEncoder().encodeToString(plaintext))
                .doesNotContain(Arrays.toString(plaintext));
    }

    @Test
    void copiesItsArraysInAndOut() {
        DataKey key = new DataKey(plaintext, wrapped);
        byte[] original = plaintext.clone();

        plaintext[0] ^= 1;
        key.plaintext()[1] ^= 1;

        assertThat(key.plaintext()).isEqualTo(original);
    }

    @Test
    void equalsByContent() {
        assertThat(new DataKey(plaintext, wrapped)).isEqualTo(new DataKey(plaintext.clone(), wrapped.clone()));
    }

    @Test
    void acceptsOnly256BitKeysAndWrappedKeysTheFormatCanCarry() {
        assertThatThrownBy(() -> new DataKey(new byte[16], wrapped)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DataKey(plaintext, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DataKey(plaintext, new byte[65_536])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DataKey(plaintext, new byte[65_535]).wrapped()).hasSize(65_535);
    }
}
