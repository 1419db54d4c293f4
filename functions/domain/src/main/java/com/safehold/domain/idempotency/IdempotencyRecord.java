package com.safehold.domain.idempotency;

import java.time.Instant;
import java.util.Objects;

/**
 * One idempotency record.
 *
 * @param recordId        scope (route), caller and key, so keys of different callers never collide
 * @param requestHash     a fingerprint of the request (HMAC-SHA256 keyed with the client's key, decision 0022), to
 *                        detect the same key reused with another body
 * @param response        the stored response once {@link Status#COMPLETED}, else {@code null}
 * @param inProgressUntil when an unfinished execution is presumed dead
 * @param expiresAt       when the record stops counting (TTL); at least 24 hours after creation
 */
public record IdempotencyRecord(
        String recordId,
        String requestHash,
        Status status,
        StoredResponse response,
        Instant inProgressUntil,
        Instant expiresAt) {

    public enum Status { IN_PROGRESS, COMPLETED }

    public IdempotencyRecord {
        Objects.requireNonNull(recordId);
        Objects.requireNonNull(requestHash);
        Objects.requireNonNull(status);
        Objects.requireNonNull(expiresAt);
    }
}
