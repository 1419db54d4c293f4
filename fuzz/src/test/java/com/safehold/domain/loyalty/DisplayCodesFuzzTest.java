package com.safehold.domain.loyalty;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.fuzz.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rotating display codes a scan carries ({@link DisplayCodes#parse}, then the signature check): parts or
 * empty, and a yes or no for the signature; never an exception. Seeded with the code in the sample scan event.
 */
class DisplayCodesFuzzTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static Stream<Arguments> samples() {
        return SampleEvents.http().stream().filter(e -> e.path("routeKey").asText().equals("POST /v1/scans"))
                .map(e -> Arguments.of(e.path("body").asText().replaceAll(".*\"code\"\\s*:\\s*\"([^\"]*)\".*", "$1")));
    }

    @MethodSource("samples")
    @FuzzTest
    void parse(String code) {
        DisplayCodes.parse(code).ifPresent(parsed -> {
            DisplayCodes.signedBy(parsed, SECRET);
            if (parsed.window() < 0 || parsed.epoch() < 0 || parsed.signature().length != 16) {
                throw new AssertionError("parsed an impossible code");
            }
        });
    }
}
