package com.safehold.api;

import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.idempotency.IdempotencyRecord;
import com.safehold.domain.idempotency.IdempotencyStore;
import com.safehold.domain.idempotency.StoredResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} handling (SPEC 3), as Stripe defines it:
 * <ul>
 *   <li>the first request with a key runs and its response (any status below 500) is stored for
 *       {@link #RETENTION};</li>
 *   <li>the same key with the same request returns the stored response, marked {@code idempotent-replayed};</li>
 *   <li>the same key with another request answers 422 {@code idempotency_key_reused};</li>
 *   <li>while the first is still running, a repeat answers 409 {@code idempotency_request_in_progress};</li>
 *   <li>a 5xx or a crash releases the key, so the client's retry runs again;</li>
 *   <li>a response that cannot be stored is still returned: the work happened (the key stays in progress until its
 *       claim runs out, then a repeat runs again, as after a crash).</li>
 * </ul>
 * Keys are scoped to the route and the caller: one caller's key can neither replay nor block another's.
 * The stored record id and request fingerprint are SHA-256 hashes, so the table holds no request data.
 */
public final class IdempotentRequests {

    /** How long a key is remembered: SPEC 3 asks for at least 24 hours. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyStore store;
    private final Clock clock;

    public IdempotentRequests(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Runs {@code work} at most once per key.
     *
     * @param required whether the route demands a key (400 {@code idempotency_key_required} without one)
     */
    public ApiResponse execute(ApiRequest request, Caller caller, boolean required, Supplier<ApiResponse> work) {
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isEmpty()) {
            if (required) {
                throw new ProblemException(Problem.of(400, "idempotency_key_required", "Invalid request",
                        "this route needs an Idempotency-Key header"));
            }
            return work.get();
        }
        if (!VALID_KEY.matcher(key.get()).matches()) {
            throw new ProblemException(Problem.of(400, "invalid_idempotency_key", "Invalid request",
                    "Idempotency-Key must be 1..255 visible ASCII characters"));
        }
        String recordId = Hashes.sha256Hex(request.routeKey() + "\n" + caller.userId().value() + "\n" + key.get());
        String fingerprint = Hashes.sha256Hex(request.rawPath() + "\n" + request.rawBody());
        Instant now = clock.now();
        Instant expiresAt = now.plus(RETENTION);
        // A crashed execution holds the key no longer than the invocation could have lived.
        Instant inProgressUntil = now.plusMillis(Math.max(1_000, request.remainingMillis()));

        Optional<IdempotencyRecord> holder = store.claim(
                new IdempotencyRecord(recordId, fingerprint, IdempotencyRecord.Status.IN_PROGRESS, null,
                        inProgressUntil, expiresAt), now);
        if (holder.isPresent()) {
            return answerFor(holder.get(), fingerprint);
        }
        ApiResponse response;
        try {
            response = work.get();
        } catch (ProblemException refusal) {
            // A refusal is a result like any other: replaying it keeps the answer stable for the client.
            response = ApiResponse.problem(refusal.problem());
        } catch (DomainException refusal) {
            response = ApiResponse.problem(Problems.from(refusal));
        } catch (RuntimeException failure) {
            store.release(recordId);
            throw failure;
        }
        if (response.status() >= 500) {
            store.release(recordId);
            return response;
        }
        try {
            store.complete(recordId, new StoredResponse(response.status(), response.headers(), response.body()),
                    expiresAt);
        } catch (RuntimeException notStored) {
            // The work is done and must not be reported as failed: the client gets its answer. The key stays in
            // progress until its claim runs out; a repeat after that runs again, as after a crash.
        }
        return response;
    }

    private static ApiResponse answerFor(IdempotencyRecord holder, String fingerprint) {
        if (!holder.requestHash().equals(fingerprint)) {
            throw new ProblemException(Problem.of(422, "idempotency_key_reused", "Unprocessable request",
                    "this Idempotency-Key was used with a different request; use a new key for a new request"));
        }
        if (holder.status() == IdempotencyRecord.Status.IN_PROGRESS) {
            throw new ProblemException(Problem.of(409, "idempotency_request_in_progress", "Conflict",
                    "a request with this Idempotency-Key is still being processed; retry shortly")
                    .with("retryAfterSeconds", 1));
        }
        StoredResponse stored = holder.response();
        return new ApiResponse(stored.status(), stored.headers(), stored.body())
                .withHeader("idempotent-replayed", "true");
    }
}
