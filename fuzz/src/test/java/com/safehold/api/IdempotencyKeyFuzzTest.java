package com.safehold.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.idempotency.IdempotencyRecord;
import com.safehold.domain.idempotency.IdempotencyStore;
import com.safehold.domain.idempotency.StoredResponse;
import com.safehold.fuzz.SampleEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Idempotency-Key} handling (SPEC 3) with a fuzzed key, body and path, twice in a row (the second time
 * is a replay, a reuse with another request, or an in-progress conflict): a response, or a 4xx problem.
 */
class IdempotencyKeyFuzzTest {

    private static final Caller CALLER = new Caller(new UserId("fuzz-user"), Set.of(Role.CUSTOMER));
    private static final Map<String, IdempotencyRecord> RECORDS = new ConcurrentHashMap<>();
    private static final IdempotencyStore STORE = new IdempotencyStore() {
        @Override
        public Optional<IdempotencyRecord> claim(IdempotencyRecord inProgress, Instant now) {
            if (RECORDS.size() > 10_000) {
                RECORDS.clear(); // a long run must not grow without bound
            }
            return Optional.ofNullable(RECORDS.putIfAbsent(inProgress.recordId(), inProgress));
        }

        @Override
        public void complete(String recordId, StoredResponse response, Instant expiresAt) {
            RECORDS.computeIfPresent(recordId, (id, r) -> new IdempotencyRecord(id, r.requestHash(),
                    IdempotencyRecord.Status.COMPLETED, response, r.inProgressUntil(), expiresAt));
        }

        @Override
        public void release(String recordId) {
            RECORDS.remove(recordId);
        }
    };
    private static final IdempotentRequests REQUESTS =
            new IdempotentRequests(STORE, () -> Instant.parse("2026-11-23T14:00:00Z"));

    static Stream<Arguments> samples() {
        return SampleEvents.http().stream().filter(e -> e.path("headers").has("idempotency-key"))
                .map(e -> Arguments.of(e.at("/headers/idempotency-key").asText(), e.path("rawPath").asText(),
                        e.path("body").asText(null), true, 201));
    }

    @MethodSource("samples")
    @FuzzTest
    void execute(String key, String path, String body, boolean required, int status) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Map<String, String> headers = new HashMap<>();
            if (key != null) {
                headers.put(attempt == 0 ? "Idempotency-Key" : "idempotency-key", key);
            }
            ApiRequest request = new ApiRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /v1/fuzz")
                    .withRawPath(path).withHeaders(headers).withBody(attempt == 0 ? body : path).build(), null);
            try {
                IdempotentRequests.Replay replay = required ? IdempotentRequests.Replay.RESPONSE_KEY_REQUIRED
                        : status % 2 == 0 ? IdempotentRequests.Replay.RESPONSE : IdempotentRequests.Replay.OUTCOME_ONLY;
                ApiResponse response = REQUESTS.execute(request, CALLER, replay,
                        () -> new ApiResponse(Math.floorMod(status, 400) + 200, Map.of(), "{}"));
                if (response.status() < 200 || response.status() >= 600) {
                    throw new AssertionError("status " + response.status());
                }
            } catch (ProblemException refused) {
                int s = refused.problem().status();
                if (s < 400 || s >= 500) {
                    throw new AssertionError("a key refusal must be a 4xx, was " + s);
                }
            }
        }
    }
}
