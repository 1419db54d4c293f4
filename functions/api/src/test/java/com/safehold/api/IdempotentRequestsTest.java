package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.adapters.dynamodb.DynamoDbIdempotencyStore;
import com.safehold.adapters.testing.DynamoDbLocalFixture;
import com.safehold.api.IdempotentRequests.Replay;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Idempotency-Key semantics against the real conditional writes of DynamoDB Local. */
class IdempotentRequestsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T14:00:00Z"));
    private final IdempotentRequests idempotency = new IdempotentRequests(
            new DynamoDbIdempotencyStore(DynamoDbLocalFixture.client(), Tables.IDEMPOTENCY.name()), now::get);
    private final Caller caller = new Caller(new UserId("u-" + UUID.randomUUID()), Set.of(Role.PROVIDER));
    private final AtomicInteger executions = new AtomicInteger();

    private ApiResponse work() {
        return ApiResponse.json(201, Json.object().put("n", executions.incrementAndGet()));
    }

    static ApiRequest request(String key, String body) {
        Map<String, String> headers = key == null ? Map.of() : Map.of("idempotency-key", key);
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /v1/offers").withRawPath("/v1/offers")
                .withHeaders(headers).withBody(body).build(), null);
    }

    @Test
    void sameKeySameBody_runsOnce_andReplaysTheStoredResponse() {
        String key = UUID.randomUUID().toString();
        ApiResponse first = idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, this::work);
        ApiResponse second = idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, this::work);
        assertThat(executions).hasValue(1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.headers()).containsEntry("idempotent-replayed", "true");
    }

    @Test
    void sameKeyAnotherBody_isIdempotencyKeyReused() {
        String key = UUID.randomUUID().toString();
        idempotency.execute(request(key, "{\"a\":1}"), caller, Replay.RESPONSE, this::work);
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> idempotency.execute(request(key, "{\"a\":2}"), caller, Replay.RESPONSE, this::work));
        assertThat(e.problem().status()).isEqualTo(422);
        assertThat(e.problem().code()).isEqualTo("idempotency_key_reused");
        assertThat(executions).hasValue(1);
    }

    @Test
    void keysAreScopedPerCaller() {
        String key = UUID.randomUUID().toString();
        Caller other = new Caller(new UserId("u-" + UUID.randomUUID()), Set.of(Role.PROVIDER));
        idempotency.execute(request(key, "{\"a\":1}"), caller, Replay.RESPONSE, this::work);
        idempotency.execute(request(key, "{\"a\":2}"), other, Replay.RESPONSE, this::work);
        assertThat(executions).hasValue(2);
    }

    @Test
    void anExpiredRecord_isTreatedAsAbsent_evenBeforeTtlDeletesIt() {
        String key = UUID.randomUUID().toString();
        idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, this::work);
        now.updateAndGet(t -> t.plus(IdempotentRequests.RETENTION).plusSeconds(1));
        ApiResponse again = idempotency.execute(request(key, "{\"other\":true}"), caller, Replay.RESPONSE, this::work);
        assertThat(executions).hasValue(2);
        assertThat(again.headers()).doesNotContainKey("idempotent-replayed");
    }

    @Test
    void refusals_areStoredAndReplayed_butFailuresReleaseTheKey() {
        String refused = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            ApiResponse r = idempotency.execute(request(refused, "{}"), caller, Replay.RESPONSE, () -> {
                executions.incrementAndGet();
                throw new DomainException(DomainException.Kind.CONFLICT, "slot_unavailable", "taken");
            });
            assertThat(r.status()).isEqualTo(409);
        }
        assertThat(executions).hasValue(1);

        String crashing = UUID.randomUUID().toString();
        assertThatThrownBy(() -> idempotency.execute(request(crashing, "{}"), caller, Replay.RESPONSE, () -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(idempotency.execute(request(crashing, "{}"), caller, Replay.RESPONSE, this::work).status()).isEqualTo(201);
    }

    @Test
    void aRecordLeftInProgressByACrash_isTakenOver_onceItsInvocationCouldNoLongerBeRunning() {
        String key = UUID.randomUUID().toString();
        // the first attempt claims the key and hangs (as a crashed invocation would, from outside)
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<ApiResponse> stuck = pool.submit(() -> idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, () -> {
            inside.countDown();
            await(release);
            return work();
        }));
        await(inside);
        ProblemException busy = catchThrowableOfType(ProblemException.class,
                () -> idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, this::work));
        assertThat(busy.problem().code()).isEqualTo("idempotency_request_in_progress");
        assertThat(busy.problem().status()).isEqualTo(409);

        now.updateAndGet(t -> t.plus(Duration.ofSeconds(31))); // past the 30 s assumed outside Lambda
        assertThat(idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, this::work).status()).isEqualTo(201);
        release.countDown();
        pool.shutdown();
    }

    @Test
    void concurrentRequestsWithOneKey_executeExactlyOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                await(go);
                try {
                    return idempotency.execute(request(key, "{}"), caller, Replay.RESPONSE, this::work).status();
                } catch (ProblemException inProgress) {
                    return inProgress.problem().status();
                }
            }));
        }
        go.countDown();
        for (Future<Integer> r : results) {
            assertThat(r.get()).isIn(201, 409);
        }
        pool.shutdown();
        assertThat(executions).hasValue(1);
    }

    @Test
    void requiredKeys_andMalformedKeys_areRefused() {
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> idempotency.execute(request(null, "{}"), caller, Replay.RESPONSE_KEY_REQUIRED, this::work)).problem().code())
                .isEqualTo("idempotency_key_required");
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> idempotency.execute(request("has space", "{}"), caller, Replay.RESPONSE, this::work)).problem().code())
                .isEqualTo("invalid_idempotency_key");
        assertThat(idempotency.execute(request(null, "{}"), caller, Replay.RESPONSE, this::work).status()).isEqualTo(201);
    }

    @Test
    void anOutcomeOnlyRoute_keepsNoBody_andAnswersARepeatThatItCompleted_withoutRunningAgain() {
        String key = UUID.randomUUID().toString();
        String secret = "code-" + UUID.randomUUID();
        Supplier<ApiResponse> issue = () -> {
            executions.incrementAndGet();
            return ApiResponse.json(201, Json.object().put("code", secret)).withHeader("location", "/v1/things/t1");
        };
        ApiResponse first = idempotency.execute(request(key, "{}"), caller, Replay.OUTCOME_ONLY, issue);
        assertThat(first.body()).contains(secret);

        ApiResponse repeat = idempotency.execute(request(key, "{}"), caller, Replay.OUTCOME_ONLY, issue);
        assertThat(executions).hasValue(1);
        assertThat(repeat.status()).isEqualTo(409);
        assertThat(repeat.problemCode()).isEqualTo("idempotency_request_completed");
        assertThat(repeat.body()).doesNotContain(secret).contains("\"originalStatus\":201");
        assertThat(repeat.headers()).containsEntry("idempotent-replayed", "true")
                .containsEntry("location", "/v1/things/t1");
        assertThat(rawRecord(key).toString()).doesNotContain(secret);
        // another body under the key is still refused as such
        assertThat(catchThrowableOfType(ProblemException.class, () -> idempotency.execute(request(key, "{\"a\":1}"),
                caller, Replay.OUTCOME_ONLY, issue)).problem().code()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void anOutcomeOnlyRoute_replaysARefusalWhole() {
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            ApiResponse r = idempotency.execute(request(key, "{}"), caller, Replay.OUTCOME_ONLY, () -> {
                executions.incrementAndGet();
                throw new DomainException(DomainException.Kind.CONFLICT, "invalid_state", "not now");
            });
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.problemCode()).isEqualTo("invalid_state");
        }
        assertThat(executions).hasValue(1);
    }

    @Test
    void theStoredFingerprint_isKeyedWithTheClientsKey_soNoGuessOfTheBodyCanBeCheckedWithoutIt() {
        String key = UUID.randomUUID().toString();
        String body = "{\"currentPassword\":\"Summer2026!\",\"newPassword\":\"Winter2026!\"}";
        idempotency.execute(request(key, body), caller, Replay.RESPONSE, () -> ApiResponse.noContent());
        String stored = rawRecord(key).get("requestHash").s();
        assertThat(stored).isNotEqualTo(Hashes.sha256Hex("/v1/offers\n" + body))
                .isEqualTo(IdempotentRequests.fingerprint(key, request(key, body)))
                .isNotEqualTo(IdempotentRequests.fingerprint(key + "x", request(key, body)));
        assertThat(rawRecord(key).toString()).doesNotContain("Summer2026!").doesNotContain(key);
    }

    private String recordId(String key) {
        return Hashes.sha256Hex("POST /v1/offers\n" + caller.userId().value() + "\n" + key);
    }

    private Map<String, AttributeValue> rawRecord(String key) {
        return DynamoDbLocalFixture.client().getItem(r -> r.tableName(Tables.IDEMPOTENCY.name())
                .key(Map.of("recordId", AttributeValue.fromS(recordId(key))))).item();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aResponseThatCannotBeStored_isStillReturned_becauseTheWorkHappened() {
        var real = new DynamoDbIdempotencyStore(DynamoDbLocalFixture.client(), Tables.IDEMPOTENCY.name());
        IdempotentRequests unstorable = new IdempotentRequests(new com.safehold.domain.idempotency.IdempotencyStore() {
            @Override
            public java.util.Optional<com.safehold.domain.idempotency.IdempotencyRecord> claim(
                    com.safehold.domain.idempotency.IdempotencyRecord inProgress, Instant at) {
                return real.claim(inProgress, at);
            }

            @Override
            public void complete(String recordId, com.safehold.domain.idempotency.StoredResponse response,
                    Instant expiresAt) {
                throw new IllegalStateException("DynamoDB throttled the write (test)");
            }

            @Override
            public void release(String recordId) {
                real.release(recordId);
            }
        }, now::get);
        ApiResponse response = unstorable.execute(request(UUID.randomUUID().toString(), "{}"), caller,
                Replay.RESPONSE, this::work);
        assertThat(response.status()).isEqualTo(201);
        assertThat(executions).hasValue(1);
    }
}
