package com.safehold.adapters.otp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Six-digit codes typed by users: check-in codes at the meeting and MFA codes ({@link TotpCodes#matchingStep}),
 * at any time of a millennium, under the booking's secret or a fuzzed one. A step or empty; a secret that is not
 * Base32 may only be refused with the documented {@link IllegalArgumentException}.
 */
class TotpCodesFuzzTest {

    private static final TotpCodes TOTP = new TotpCodes();
    private static final String SECRET = TOTP.newSecret();
    private static final long MILLENNIUM_SECONDS = 1000L * 366 * 24 * 3600;

    static Stream<Arguments> samples() {
        Instant at = Instant.parse("2026-11-23T14:00:00Z");
        return Stream.of(Arguments.of(TOTP.codeAt(SECRET, at), at.getEpochSecond(), null),
                Arguments.of("12345", 0L, "JBSWY3DPEHPK3PXP"), Arguments.of("000000", -1L, "jbswy3dpehpk3pxp===="));
    }

    @MethodSource("samples")
    @FuzzTest
    void matchingStep(String code, long epochSecond, String secret) {
        Instant now = Instant.ofEpochSecond(Math.floorMod(epochSecond, MILLENNIUM_SECONDS));
        String key = secret == null ? SECRET : secret;
        try {
            var step = TOTP.matchingStep(key, code, now);
            if (step.isPresent() && !TOTP.codeAt(key, Instant.ofEpochSecond(step.getAsLong() * 30)).equals(code)) {
                throw new AssertionError("matched a step whose code differs");
            }
        } catch (IllegalArgumentException notBase32) {
            if (secret == null) {
                throw notBase32; // the real secret is always Base32
            }
        }
    }
}
