package com.safehold.domain.accounts;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Port: TOTP (RFC 6238, SHA-1, 6 digits, 30-second steps — what Google Authenticator and compatible apps
 * use). The implementation lives in the auth function, which has the library.
 */
public interface OneTimePasswords {

    /** A new random secret (160 bits), Base32 without padding, as authenticator apps expect it. */
    String newSecret();

    /** {@code otpauth://totp/Safehold:<label>?secret=...&issuer=Safehold&algorithm=SHA1&digits=6&period=30}. */
    String otpauthUri(String secret, String accountLabel);

    /**
     * The time step whose code equals {@code code}, trying the current step and one on either side (clock
     * drift), or empty when none matches or the code is not six digits.
     */
    OptionalLong matchingStep(String secret, String code, Instant now);

    /** The code of the time step {@code at} falls into (check-in codes shown to the customer). */
    String codeAt(String secret, Instant at);

    /** Length of one time step. */
    default java.time.Duration step() {
        return java.time.Duration.ofSeconds(30);
    }
}
