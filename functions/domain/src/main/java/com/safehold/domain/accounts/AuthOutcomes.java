package com.safehold.domain.accounts;

import java.util.List;

/** What the account use cases answer (SPEC 4.1). */
public final class AuthOutcomes {

    private AuthOutcomes() {}

    /** The result of a login: tokens, or the step the client must take next with {@code session}. */
    public sealed interface Login permits Authenticated, MfaRequired, MfaSetupRequired {}

    /**
     * Signed in.
     *
     * @param deviceToken a new token that marks this device as one the owner signed in from; sent with later
     *                    logins, it keeps the owner out of a lockout an attacker caused elsewhere
     */
    public record Authenticated(IssuedTokens tokens, String deviceToken) implements Login {
        /** Never the device token (a credential); the tokens redact themselves. */
        @Override
        public String toString() {
            return "Authenticated[" + tokens + ", device token redacted]";
        }
    }

    public record MfaRequired(String session) implements Login {
        @Override
        public String toString() {
            return "MfaRequired[session redacted]";
        }
    }

    public record MfaSetupRequired(String session) implements Login {
        @Override
        public String toString() {
            return "MfaSetupRequired[session redacted]";
        }
    }

    /** MFA setup: what the authenticator app needs, and the session for the verify step when forced. */
    public record MfaEnrolment(String secret, String otpauthUri, byte[] qrPng, String session) {
        /**
         * Never the TOTP secret, nor the otpauth URI and QR code that carry it (and the account's label), nor
         * the session: the default record {@code toString} would print all of them.
         */
        @Override
        public String toString() {
            return "MfaEnrolment[redacted]";
        }
    }

    /** MFA enrolled: the one-time recovery codes, and the tokens when setup was forced at login. */
    public record MfaVerified(List<String> recoveryCodes, Authenticated authenticated) {
        /** Never the recovery codes. */
        @Override
        public String toString() {
            return "MfaVerified[" + recoveryCodes.size() + " recovery codes redacted, " + authenticated + "]";
        }
    }
}
