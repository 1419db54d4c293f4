package com.safehold.domain.settings;

/**
 * Lockout after failed logins (SPEC 4.1): {@code maxFailedAttempts} failures in a row lock the account for
 * {@code lockMinutes}.
 */
public record LockoutPolicy(int maxFailedAttempts, int lockMinutes) {

    public static final int MIN_ATTEMPTS = 3;
    public static final int MAX_ATTEMPTS = 20;
    public static final int MAX_LOCK_MINUTES = 24 * 60;

    public static final LockoutPolicy DEFAULTS = new LockoutPolicy(5, 15);
}
