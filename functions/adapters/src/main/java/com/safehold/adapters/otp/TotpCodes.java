package com.safehold.adapters.otp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.safehold.domain.accounts.OneTimePasswords;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP as authenticator apps do it (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), computed with java-otp;
 * secrets are 160 random bits, shown in Base32 without padding ({@link Base32}).
 */
public final class TotpCodes implements OneTimePasswords {

    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    private static final String ISSUER = "Safehold";
    private static final int SECRET_BYTES = 20;
    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    private final TimeBasedOneTimePasswordGenerator generator =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    private final SecureRandom random = new SecureRandom();

    @Override
    public String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return Base32.encode(secret);
    }

    @Override
    public String otpauthUri(String secret, String accountLabel) {
        String label = encode(ISSUER) + ":" + encode(accountLabel); // Key Uri Format: "issuer:account"
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    @Override
    public OptionalLong matchingStep(String secret, String code, Instant now) {
        if (secret == null || code == null || !SIX_DIGITS.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        Key key = new SecretKeySpec(Base32.decode(secret), generator.getAlgorithm());
        long current = now.getEpochSecond() / STEP.toSeconds();
        OptionalLong matched = OptionalLong.empty();
        for (long step = current - 1; step <= current + 1; step++) { // one step of clock drift either way
            String expected = codeAt(key, step);
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))
                    && matched.isEmpty()) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    @Override
    public String codeAt(String secret, Instant at) {
        Key key = new SecretKeySpec(Base32.decode(secret), generator.getAlgorithm());
        return codeAt(key, at.getEpochSecond() / STEP.toSeconds());
    }

    private String codeAt(Key key, long step) {
        try {
            return String.format("%06d", generator.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.toSeconds())));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("invalid TOTP key", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
