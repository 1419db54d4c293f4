package com.safehold.domain.accounts;

import com.safehold.domain.settings.LockoutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: the lockout counters (SPEC 4.1) and trusted devices. A counter counts consecutive failures per key
 * atomically and expires {@code lockMinutes} after its last failure.
 *
 * <p>Every attempt is counted <em>before</em> the credential is checked ({@link #begin}), so concurrent
 * guesses cannot slip past the limit; a correct password or code then takes its own count back
 * ({@link #release}) or clears the counter ({@link #reset}).
 */
public interface LoginGuard {

    /**
     * Counts one attempt, unless the key is locked.
     *
     * @return empty when the attempt may go ahead; the time left when the key is locked (nothing counted)
     */
    Optional<Duration> begin(String key, LockoutPolicy policy, Instant now);

    /** Takes back the count of an attempt that turned out correct (the login goes on to a second factor). */
    void release(String key);

    /** A full success: the counter starts again from zero. */
    void reset(String key);

    /** Marks a device token (its hash) as trusted for a login key until {@code expiresAt}. */
    void trustDevice(String deviceHash, String key, Instant expiresAt);

    /** Whether the device token (its hash) was trusted for this login key and has not expired. */
    boolean isTrusted(String deviceHash, String key, Instant now);
}
