package com.safehold.adapters.crypto;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often {@link EnvelopeFieldCipher} reuses a data key: the protection of the KMS request
 * quota (SPEC 4.7; docs/decisions/0003-field-encryption.md). With the defaults, a warm environment calls
 * {@code GenerateDataKey} about once per 5 minutes and {@code Decrypt} about once per distinct data key per
 * 5 minutes.
 *
 * @param maxAge        a data key encrypts, and an unwrapped key stays cached, for less than this long
 * @param maxUses       a data key encrypts at most this many fields
 * @param maxCachedKeys unwrapped keys kept for decryption; the oldest goes first
 */
public record KeyCacheLimits(Duration maxAge, long maxUses, int maxCachedKeys) {

    /** 5 minutes, 10 000 fields per data key, 1 000 unwrapped keys. */
    public static final KeyCacheLimits DEFAULTS = new KeyCacheLimits(Duration.ofMinutes(5), 10_000, 1_000);

    public KeyCacheLimits {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (maxUses < 1) {
            throw new IllegalArgumentException("maxUses must be at least 1: " + maxUses);
        }
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be at least 1: " + maxCachedKeys);
        }
    }
}
