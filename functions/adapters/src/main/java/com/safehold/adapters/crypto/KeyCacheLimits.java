package com.safehold.adapters.crypto;

import java.time.Duration;
import java.util.Objects;

/**
 * How long {@link PersonKeyring} keeps unwrapped per-person data keys: the protection of the KMS request
 * quota (SPEC 4.7; docs/decisions/0011-per-person-keys.md). A warm environment calls KMS at most once per
 * person it touches per {@code maxAge}, however many requests it serves. {@code maxAge} is also how long an
 * environment that read a person's key before their erasure can still use it.
 *
 * @param maxAge        an unwrapped key (or the fact that it was destroyed) is reused for less than this long
 * @param maxCachedKeys keys kept at once; the oldest goes first
 */
public record KeyCacheLimits(Duration maxAge, int maxCachedKeys) {

    /** 5 minutes, 1 000 people. */
    public static final KeyCacheLimits DEFAULTS = new KeyCacheLimits(Duration.ofMinutes(5), 1_000);

    public KeyCacheLimits {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be at least 1: " + maxCachedKeys);
        }
    }
}
