package com.safehold.domain.settings;

import com.safehold.domain.common.Cached;
import com.safehold.domain.common.Clock;
import java.time.Duration;
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

    private final Cached<PlatformSettings> cached;

    public CachedSettingsSource(SettingsSource delegate, Clock clock) {
        this(delegate, clock, DEFAULT_TTL);
    }

    public CachedSettingsSource(SettingsSource delegate, Clock clock, Duration ttl) {
        this.cached = new Cached<>(Objects.requireNonNull(delegate)::current, clock, ttl);
    }

    @Override
    public PlatformSettings current() {
        return cached.get();
    }
}
