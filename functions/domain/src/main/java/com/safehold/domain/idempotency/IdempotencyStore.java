package com.safehold.domain.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: records of {@code Idempotency-Key} requests (SPEC 3). The adapter must make {@link #claim} atomic:
 * of two concurrent claims for one key, exactly one wins.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code recordId} for a new execution, unless a live record holds it. A record counts as absent
     * when it expired ({@code expiresAt <= now}) or when it is still in progress but its owner's time ran
     * out ({@code inProgressUntil <= now}: the owner crashed).
     *
     * @return empty if the claim succeeded, otherwise the live record that holds the key
     */
    Optional<IdempotencyRecord> claim(IdempotencyRecord inProgress, Instant now);

    /** Stores the finished response on a record this execution claimed. */
    void complete(String recordId, StoredResponse response, Instant expiresAt);

    /** Removes a claimed record after a failure, so that a retry can run. */
    void release(String recordId);
}
