package com.safehold.domain.settings;

/**
 * Password rules (SPEC 4.1, 4.2). The deployed Cognito pool enforces a weaker floor (8 characters); these
 * rules are Safehold's own and change at run time.
 *
 * @param minLength        minimum length in Unicode code points, {@value #FLOOR_MIN_LENGTH}..{@value #MAX_MIN_LENGTH}
 * @param historySize      how many previous passwords may not be reused, 0..{@value #MAX_HISTORY}
 */
public record PasswordPolicy(int minLength, boolean requireUppercase, boolean requireLowercase,
        boolean requireDigits, boolean requireSymbols, int historySize) {

    /** The Cognito pool's own minimum: settings may not go below what the deployed floor enforces anyway. */
    public static final int FLOOR_MIN_LENGTH = 8;
    public static final int MAX_MIN_LENGTH = 128;
    /** Cognito's own limit for password history, kept so the two can be aligned. */
    public static final int MAX_HISTORY = 24;

    public static final PasswordPolicy DEFAULTS = new PasswordPolicy(12, true, true, true, true, 5);
}
