package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.accounts.PendingLogin;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ContractTest
class DynamoDbPendingLoginStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

    private final ContractTarget target;
    private final DynamoDbPendingLoginStore store;

    DynamoDbPendingLoginStoreTest(ContractTarget target) {
        this.target = target;
        this.store = new DynamoDbPendingLoginStore(target.dynamoDb(), target.tableName(Tables.LOGIN_STATE),
                new EnvelopeFieldCipher(target.localKeyring()));
    }

    private PendingLogin saved() {
        PendingLogin login = new PendingLogin("hash-" + UUID.randomUUID(), new UserId(UUID.randomUUID().toString()),
                Role.MERCHANT, PendingLogin.Purpose.MFA_CHALLENGE, "guard", "device",
                new IssuedTokens("access.token.value", "id.token.value", "refresh-token-value", "jti-1", 3600),
                T0.plusSeconds(300));
        store.save(login);
        return login;
    }

    @Test
    void aPendingLogin_roundTrips_withItsTokensEncrypted_untilItExpires() {
        PendingLogin login = saved();
        assertThat(store.find(login.sessionHash(), T0)).contains(login);
        assertThat(store.find(login.sessionHash(), T0.plusSeconds(300))).isEmpty();
        Map<String, AttributeValue> raw = target.dynamoDb().getItem(r -> r.tableName(target.tableName(Tables.LOGIN_STATE))
                .consistentRead(true).key(Map.of("stateKey", AttributeValue.fromS("pending#" + login.sessionHash())))).item();
        assertThat(raw.toString()).doesNotContain("access.token.value").doesNotContain("refresh-token-value")
                .doesNotContain("id.token.value");
    }

    @Test
    void aPendingLogin_isConsumedByExactlyOneOfConcurrentCallers() throws Exception {
        PendingLogin login = saved();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.consume(login.sessionHash());
                }));
            }
            start.countDown();
            int consumed = 0;
            for (Future<Boolean> result : results) {
                consumed += result.get() ? 1 : 0;
            }
            assertThat(consumed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.find(login.sessionHash(), T0)).isEmpty();
    }
}
