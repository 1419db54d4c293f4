package com.safehold.api;

import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.idempotency.IdempotencyRecord;
import com.safehold.domain.idempotency.IdempotencyStore;
import com.safehold.domain.idempotency.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Idempotency-Key} handling (SPEC 3), as Stripe defines it. {@link ApiHandler} applies it to every
 * state-changing route that has a caller (every JWT {@code POST}, decision 0022):
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
 *
 * <p>The table holds no request data and no secret: the record id is a SHA-256 of route, caller and key, and
 * the request fingerprint is an HMAC-SHA256 of path and body keyed with the client's key, which is stored
 * nowhere, so a copy of the table cannot be used to test guesses of a body (a password, a phone number, a
 * position). A route whose successful response holds secrets or personal data ({@link Replay#OUTCOME_ONLY})
 * keeps only that it completed: its repeat answers 409 {@code idempotency_request_completed} and runs nothing.
 */
public final class IdempotentRequests {

    /** How long a key is remembered: SPEC 3 asks for at least 24 hours. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** What a repeat of a completed request gets back (decision 0022). */
    public enum Replay {
        /** The stored response, status, headers and body, as Stripe does: every JWT {@code POST} by default. */
        RESPONSE,
        /** As {@link #RESPONSE}, and a request without a key is refused: 400 {@code idempotency_key_required}. */
        RESPONSE_KEY_REQUIRED,
        /**
         * The successful response holds secrets (one-time codes) or personal data (message texts, statements),
         * which must not be kept outside their encrypted or hashed homes: only its status and {@code Location}
         * are kept, and a repeat answers 409 {@code idempotency_request_completed} without running anything.
         * Refusals hold neither and are stored and replayed whole.
         */
        OUTCOME_ONLY;

        boolean keyRequired() {
            return this == RESPONSE_KEY_REQUIRED;
        }
    }

    private final IdempotencyStore store;
    private final Clock clock;

    public IdempotentRequests(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Runs {@code work} at most once per key, answering repeats as {@code replay} says. */
    public ApiResponse execute(ApiRequest request, Caller caller, Replay replay, Supplier<ApiResponse> work) {
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isEmpty()) {
            if (replay.keyRequired()) {
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
        String fingerprint = fingerprint(key.get(), request);
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
            store.complete(recordId, stored(response, replay), expiresAt);
        } catch (RuntimeException notStored) {
            // The work is done and must not be reported as failed: the client gets its answer. The key stays in
            // progress until its claim runs out; a repeat after that runs again, as after a crash.
        }
        return response;
    }

    /** What is kept of a response: all of it, or for {@link Replay#OUTCOME_ONLY} success only the outcome. */
    static StoredResponse stored(ApiResponse response, Replay replay) {
        if (replay == Replay.OUTCOME_ONLY && response.status() < 400) {
            String location = response.headers().get("location");
            return StoredResponse.withheld(response.status(), location == null ? Map.of() : Map.of("location", location));
        }
        return new StoredResponse(response.status(), response.headers(), response.body());
    }

    /**
     * HMAC-SHA256 of path and body under the client's key: equal for equal requests with one key, and without
     * the key (stored nowhere) no guess of the body can be checked against it.
     */
    static String fingerprint(String key, ApiRequest request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(
                    (request.rawPath() + "\n" + request.rawBody()).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JDK has HmacSHA256", impossible);
        }
    }

    private static ApiResponse answerFor(IdempotencyRecord holder, String fingerprint) {
        if (!Hashes.sameDigest(holder.requestHash(), fingerprint)) {
            throw new ProblemException(Problem.of(422, "idempotency_key_reused", "Unprocessable request",
                    "this Idempotency-Key was used with a different request; use a new key for a new request"));
        }
        if (holder.status() == IdempotencyRecord.Status.IN_PROGRESS) {
            throw new ProblemException(Problem.of(409, "idempotency_request_in_progress", "Conflict",
                    "a request with this Idempotency-Key is still being processed; retry shortly")
                    .with("retryAfterSeconds", 1));
        }
        StoredResponse stored = holder.response();
        if (stored.withheld()) {
            ApiResponse completed = ApiResponse.problem(Problem.of(409, "idempotency_request_completed", "Conflict",
                    "the request with this Idempotency-Key was done; its response held secrets or personal data,"
                            + " which are not kept for a replay: read the result, or use a new key for a new request")
                    .with("originalStatus", stored.status()));
            String location = stored.headers().get("location");
            return (location == null ? completed : completed.withHeader("location", location))
                    .withHeader("idempotent-replayed", "true");
        }
        return new ApiResponse(stored.status(), stored.headers(), stored.body(), problemCode(stored))
                .withHeader("idempotent-replayed", "true");
    }

    /** The {@code code} of a stored problem, so the request log names a replayed refusal as it did the first. */
    private static String problemCode(StoredResponse stored) {
        if (stored.status() < 400) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(stored.body()).path("code").textValue();
        } catch (java.io.IOException | RuntimeException notAProblem) {
            return null;
        }
    }
}
