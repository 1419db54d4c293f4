package com.safehold.adapters.crypto;

import static com.safehold.adapters.crypto.FakeKmsHttpClient.KEY_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.crypto.FakeKmsHttpClient.CannedResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlindIndexTest {

    @Test
    void kmsBlindIndex_sendsOneGenerateMacOverPurposeNulValue_andHexEncodesTheMac() {
        FakeKmsHttpClient http = new FakeKmsHttpClient();
        byte[] mac = new byte[32];
        Arrays.fill(mac, (byte) 0xA5);
        http.respondNext(CannedResponse.ok("{\"Mac\":\"" + Base64.getEncoder().encodeToString(mac)
                + "\",\"MacAlgorithm\":\"HMAC_SHA_256\",\"KeyId\":\"" + KEY_ARN + "\"}"));

        String index = new KmsBlindIndex(http.kmsClientWithoutRetries(), KEY_ARN).of("login", "ann@example.com");

        assertThat(index).isEqualTo(HexFormat.of().formatHex(mac));
        assertThat(http.requests()).hasSize(1);
        var request = http.requests().getFirst();
        assertThat(request.target()).isEqualTo("TrentService.GenerateMac");
        assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 ");
        assertThat(request.json()).isEqualTo(Map.of(
                "KeyId", KEY_ARN,
                "MacAlgorithm", "HMAC_SHA_256",
                "Message", Base64.getEncoder().encodeToString("login\u0000ann@example.com".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void localBlindIndex_isDeterministic_keyed_andSeparatesPurposes() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        byte[] otherKey = key.clone();
        otherKey[0] = 2;
        LocalBlindIndex index = new LocalBlindIndex(key);

        String once = index.of("login", "ann@example.com");
        assertThat(once).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(index.of("login", "ann@example.com")).isEqualTo(once);
        assertThat(new LocalBlindIndex(key.clone()).of("login", "ann@example.com")).isEqualTo(once);
        assertThat(index.of("login", "bob@example.com")).isNotEqualTo(once);
        assertThat(index.of("device", "ann@example.com")).isNotEqualTo(once);
        assertThat(new LocalBlindIndex(otherKey).of("login", "ann@example.com")).isNotEqualTo(once);
    }
}
