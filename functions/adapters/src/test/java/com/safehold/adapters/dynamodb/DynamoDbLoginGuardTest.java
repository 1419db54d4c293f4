package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.catalog.Tables;
import com.safehold.domain.settings.LockoutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@ContractTest
class DynamoDbLoginGuardTest {

    private static final LockoutPolicy POLICY = new LockoutPolicy(3, 15);
    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

    private final DynamoDbLoginGuard guard;
    private final String key = "acct-" + UUID.randomUUID();

    DynamoDbLoginGuardTest(ContractTarget target) {
        guard = new DynamoDbLoginGuard(target.dynamoDb(), target.tableName(Tables.LOGIN_STATE));
    }

    @Test
    void theAttemptAfterMaxFailures_isLocked_forLockMinutesAfterTheLastCountedOne() {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.begin(key, POLICY, T0.plusSeconds(i))).isEmpty();
        }
        Optional<Duration> locked = guard.begin(key, POLICY, T0.plusSeconds(60));
        assertThat(locked).contains(Duration.ofMinutes(15).plusSeconds(2).minusSeconds(60));
        // refused attempts are not counted: the lock does not grow while it holds
        assertThat(guard.begin(key, POLICY, T0.plusSeconds(120))).contains(Duration.ofMinutes(15).minusSeconds(118));
        // once the window has passed, the counter counts as absent and starts again
        Instant after = T0.plus(Duration.ofMinutes(15)).plusSeconds(3);
        assertThat(guard.begin(key, POLICY, after)).isEmpty();
        assertThat(guard.begin(key, POLICY, after)).isEmpty();
        assertThat(guard.begin(key, POLICY, after)).isEmpty();
        assertThat(guard.begin(key, POLICY, after)).isPresent();
    }

    @Test
    void release_takesBackOneAttempt_andReset_clearsTheCounter() {
        guard.begin(key, POLICY, T0);
        guard.begin(key, POLICY, T0);
        guard.begin(key, POLICY, T0);
        guard.release(key);
        assertThat(guard.begin(key, POLICY, T0)).isEmpty(); // back to 3 counted
        assertThat(guard.begin(key, POLICY, T0)).isPresent();

        guard.reset(key);
        assertThat(guard.begin(key, POLICY, T0)).isEmpty();
        guard.release(key);
        guard.release(key); // never below zero
        for (int i = 0; i < 3; i++) {
            assertThat(guard.begin(key, POLICY, T0)).isEmpty();
        }
        assertThat(guard.begin(key, POLICY, T0)).isPresent();
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 3; i++) {
            guard.begin(key, POLICY, T0);
        }
        assertThat(guard.begin(key, POLICY, T0)).isPresent();
        assertThat(guard.begin(key + ":device", POLICY, T0)).isEmpty();
    }

    @Test
    void concurrentAttempts_areCountedExactly_soNoMoreThanMaxGetThrough() throws Exception {
        LockoutPolicy policy = new LockoutPolicy(5, 15);
        int threads = 24;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Duration>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return guard.begin(key, policy, T0);
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Optional<Duration>> result : results) {
                admitted += result.get().isEmpty() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeviceIsTrusted_forItsOwnKeyOnly_untilItExpires() {
        String device = "device-" + UUID.randomUUID();
        guard.trustDevice(device, key, T0.plus(Duration.ofDays(90)));
        assertThat(guard.isTrusted(device, key, T0)).isTrue();
        assertThat(guard.isTrusted(device, "another-account", T0)).isFalse();
        assertThat(guard.isTrusted("unknown-device", key, T0)).isFalse();
        assertThat(guard.isTrusted(device, key, T0.plus(Duration.ofDays(90)))).isFalse();
    }
}
