package com.safehold.adapters.crypto;

import static com.safehold.adapters.crypto.FakeKmsHttpClient.KEY_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.crypto.FakeKmsHttpClient.CannedResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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

        String index = new KmsBlindIndex(http.kmsClientWithoutRetries(), KEY_ARN, new MutableClock())
                .of("login", "ann@example.com");

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

    /**
     * The KMS request quota (SPEC 4.7): a value asked for again within the cache age costs no request, so a
     * flood of logins against one address costs one GenerateMac per 5 minutes; each distinct value, the
     * expiry and the bound on entries each cost exactly the requests listed.
     */
    @Test
    void kmsBlindIndex_asksKmsOncePerValueAndCacheAge_withinABoundedNumberOfEntries() {
        FakeKmsHttpClient http = new FakeKmsHttpClient();
        for (int i = 1; i <= 5; i++) {
            http.respondNext(macResponse((byte) i));
        }
        MutableClock clock = new MutableClock();
        KmsBlindIndex index = new KmsBlindIndex(http.kmsClientWithoutRetries(), KEY_ARN, clock,
                Duration.ofMinutes(5), 2);

        String ann = index.of("login", "ann@example.com");
        for (int attempt = 0; attempt < 1_000; attempt++) { // a failed-login flood against one address
            assertThat(index.of("login", "ann@example.com")).isEqualTo(ann);
        }
        assertThat(messages(http)).containsExactly("login\u0000ann@example.com");

        String device = index.of("device", "ann@example.com"); // another purpose is another value
        assertThat(device).isEqualTo(hex((byte) 2));
        index.of("login", "bob@example.com"); // a third value: the oldest entry (ann's login) goes
        assertThat(index.cachedEntries()).isEqualTo(2);
        assertThat(index.of("device", "ann@example.com")).as("still cached").isEqualTo(device);
        assertThat(index.of("login", "ann@example.com")).as("evicted: asked again").isEqualTo(hex((byte) 4));
        clock.advance(Duration.ofMinutes(5));
        assertThat(index.of("login", "bob@example.com")).as("expired: asked again").isEqualTo(hex((byte) 5));

        assertThat(messages(http)).containsExactly("login\u0000ann@example.com", "device\u0000ann@example.com",
                "login\u0000bob@example.com", "login\u0000ann@example.com", "login\u0000bob@example.com");
        assertThat(http.requests()).allSatisfy(r -> assertThat(r.target()).isEqualTo("TrentService.GenerateMac"));
    }

    private static FakeKmsHttpClient.CannedResponse macResponse(byte fill) {
        byte[] mac = new byte[32];
        Arrays.fill(mac, fill);
        return CannedResponse.ok("{\"Mac\":\"" + Base64.getEncoder().encodeToString(mac)
                + "\",\"MacAlgorithm\":\"HMAC_SHA_256\",\"KeyId\":\"" + KEY_ARN + "\"}");
    }

    private static String hex(byte fill) {
        byte[] mac = new byte[32];
        Arrays.fill(mac, fill);
        return HexFormat.of().formatHex(mac);
    }

    private static List<String> messages(FakeKmsHttpClient http) {
        return http.requests().stream().map(r -> new String(Base64.getDecoder().decode((String) r.json().get("Message")),
                StandardCharsets.UTF_8)).toList();
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
