package com.safehold.domain.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value read through a short-lived cache: loaded on first use and again once {@code ttl} has passed on the
 * given clock (or the clock went back: time travel on the local platform). A failed load is not cached.
 * Thread-safe; at most one concurrent load.
 */
public final class Cached<T> implements Supplier<T> {

    private final Supplier<T> loader;
    private final Clock clock;
    private final Duration ttl;
    private T value;
    private Instant loadedAt;

    public Cached(Supplier<T> loader, Clock clock, Duration ttl) {
        this.loader = Objects.requireNonNull(loader);
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
    }

    @Override
    public synchronized T get() {
        Instant now = clock.now();
        if (value == null || !now.isBefore(loadedAt.plus(ttl)) || now.isBefore(loadedAt)) {
            value = loader.get();
            loadedAt = now;
        }
        return value;
    }
}
