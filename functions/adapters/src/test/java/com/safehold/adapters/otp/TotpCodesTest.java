package com.safehold.adapters.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpCodesTest {

    /** RFC 6238 appendix B's SHA-1 secret, in Base32 as an authenticator app would receive it. */
    private static final String RFC_SECRET = new Base32().encodeToString(
            "12345678901234567890".getBytes(StandardCharsets.US_ASCII)).replace("=", "");

    private final TotpCodes totp = new TotpCodes();

    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void matchesTheRfc6238TestVectors_lastSixDigits(long epochSecond, String eightDigits) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        String code = eightDigits.substring(2);
        assertThat(totp.codeAt(RFC_SECRET, at)).isEqualTo(code);
        assertThat(totp.matchingStep(RFC_SECRET, code, at)).hasValue(epochSecond / 30);
    }

    @Test
    void acceptsOneStepOfDriftEitherWay_butNotTwo() {
        Instant now = Instant.parse("2026-11-23T14:00:10Z");
        long step = now.getEpochSecond() / 30;
        assertThat(totp.matchingStep(RFC_SECRET, totp.codeAt(RFC_SECRET, now.minusSeconds(30)), now)).hasValue(step - 1);
        assertThat(totp.matchingStep(RFC_SECRET, totp.codeAt(RFC_SECRET, now.plusSeconds(30)), now)).hasValue(step + 1);
        assertThat(totp.matchingStep(RFC_SECRET, totp.codeAt(RFC_SECRET, now.minusSeconds(60)), now)).isEmpty();
        assertThat(totp.matchingStep(RFC_SECRET, totp.codeAt(RFC_SECRET, now.plusSeconds(60)), now)).isEmpty();
    }

    @Test
    void refusesAnythingButSixAsciiDigits() {
        Instant now = Instant.ofEpochSecond(59);
        for (String bad : new String[] {null, "", "28708", "2870822", "287 082", "28708a", "２８７０８２"}) {
            assertThat(totp.matchingStep(RFC_SECRET, bad, now)).as(String.valueOf(bad)).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void newSecrets_are160RandomBitsInUnpaddedBase32_andTheUriNamesIssuerAndLabel() {
        String secret = totp.newSecret();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(new Base32().decode(secret)).hasSize(20);
        assertThat(totp.newSecret()).isNotEqualTo(secret);
        assertThat(totp.otpauthUri(secret, "Ann Example")).isEqualTo("otpauth://totp/Safehold:Ann%20Example?secret="
                + secret + "&issuer=Safehold&algorithm=SHA1&digits=6&period=30");
    }
}
