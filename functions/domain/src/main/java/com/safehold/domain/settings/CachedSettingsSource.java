package com.safehold.domain.settings;

import com.safehold.domain.common.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Settings read through a short-lived cache, so a handler does not read the settings table on every
 * request and an admin's change still applies within {@link #DEFAULT_TTL} everywhere without a redeploy
 * (SPEC 4.2). Expiry follows the platform clock, so time travel on the local platform expires it too.
 * Thread-safe; at most one concurrent reload.
 */
public final class CachedSettingsSource implements SettingsSource {

    /** Well inside the promised minute: a change is visible in every warm handler after this long. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private final SettingsSource delegate;
    private final Clock clock;
    private final Duration ttl;
    private PlatformSettings cached;
    private Instant loadedAt;

    public CachedSettingsSource(SettingsSource delegate, Clock clock) {
        this(delegate, clock, DEFAULT_TTL);
    }

    public CachedSettingsSource(SettingsSource delegate, Clock clock, Duration ttl) {
        this.delegate = Objects.requireNonNull(delegate);
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
    }

    @Override
    public synchronized PlatformSettings current() {
        Instant now = clock.now();
        if (cached == null || !now.isBefore(loadedAt.plus(ttl)) || now.isBefore(loadedAt)) {
            cached = delegate.current();
            loadedAt = now;
        }
        return cached;
    }
}
