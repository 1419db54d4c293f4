package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.Account;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ContractTest
class DynamoDbAccountStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");
    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    private final ContractTarget target;
    private final String table;
    private final PersonKeyring personKeys;
    private final DynamoDbAccountStore store;
    private final UserId user = new UserId(UUID.randomUUID().toString());

    DynamoDbAccountStoreTest(ContractTarget target) {
        this.target = target;
        this.table = target.tableName(Tables.ACCOUNTS);
        this.personKeys = target.localKeyring();
        this.store = new DynamoDbAccountStore(target.dynamoDb(), table, new EnvelopeFieldCipher(personKeys));
    }

    private Account enrolled() {
        Account created = Account.created(user, Role.PROVIDER, "guard-key", "+4915112345678", "pbkdf2-sha256$1$AA$AA");
        assertThat(store.create(created)).isTrue();
        Account stored = store.find(user).orElseThrow();
        store.update(stored.withPendingTotp(SECRET, T0.plusSeconds(600)));
        Account pending = store.find(user).orElseThrow();
        store.update(pending.enrolled(T0, 100, Set.of("code-a", "code-b")));
        return store.find(user).orElseThrow();
    }

    @Test
    void everyField_survivesTheRoundTrip_andSecretsAreEncryptedInTheRawItem() {
        Account account = enrolled();
        assertThat(account.totpSecret()).isEqualTo(SECRET);
        assertThat(account.phone()).isEqualTo("+4915112345678");
        assertThat(account.role()).isEqualTo(Role.PROVIDER);
        assertThat(account.lastTotpStep()).isEqualTo(100);
        assertThat(account.mfaEnrolledAt()).isEqualTo(T0);
        assertThat(account.recoveryCodeHashes()).containsExactlyInAnyOrder("code-a", "code-b");
        assertThat(account.pendingTotpSecret()).isNull();
        assertThat(account.version()).isEqualTo(3);

        Map<String, AttributeValue> raw = target.dynamoDb().getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("userId", AttributeValue.fromS(user.value())))).item();
        assertThat(raw.toString()).doesNotContain(SECRET).doesNotContain("4915112345678");
        assertThat(raw.get("totpSecret").b()).isNotNull();
    }

    @Test
    void aCiphertextMovedToAnotherAccount_doesNotDecrypt() {
        enrolled();
        UserId other = new UserId(UUID.randomUUID().toString());
        store.create(Account.created(other, Role.CUSTOMER, "k", "+4915100000000", "h")); // other has a key of their own
        var client = target.dynamoDb();
        AttributeValue stolen = client.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("userId", AttributeValue.fromS(user.value())))).item().get("totpSecret");
        client.updateItem(r -> r.tableName(table)
                .key(Map.of("userId", AttributeValue.fromS(other.value())))
                .updateExpression("SET totpSecret = :s").expressionAttributeValues(Map.of(":s", stolen)));
        assertThatThrownBy(() -> store.find(other))
                .isInstanceOf(com.safehold.domain.crypto.FieldDecryptionException.class);
    }

    @Test
    void afterTheOwnersKeyIsShredded_theirFieldsReadAsAbsent_andNothingNewIsEncryptedForThem() {
        Account account = enrolled();
        personKeys.shred(user);

        Account erased = store.find(user).orElseThrow();
        assertThat(erased.phone()).isNull();
        assertThat(erased.totpSecret()).isNull();
        assertThatThrownBy(() -> store.update(account.withPasswordHistory(List.of("x"))))
                .isInstanceOf(com.safehold.domain.crypto.FieldErasedException.class);
    }

    @Test
    void create_isRefusedWhenTheAccountExists_andUpdate_detectsAConcurrentChange() {
        Account account = enrolled();
        assertThat(store.create(Account.created(user, Role.CUSTOMER, "x", null, "y"))).isFalse();
        store.update(account.withPasswordHistory(List.of("new")));
        assertThatThrownBy(() -> store.update(account.withPasswordHistory(List.of("lost update"))))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThat(store.find(user).orElseThrow().passwordHistory()).containsExactly("new");
    }

    @Test
    void aRecoveryCode_isConsumedExactlyOnce_evenByConcurrentCallers() throws Exception {
        enrolled();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.consumeRecoveryCode(user, "code-a");
                }));
            }
            start.countDown();
            int successes = 0;
            for (Future<Boolean> result : results) {
                successes += result.get() ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.consumeRecoveryCode(user, "unknown")).isFalse();
        assertThat(store.find(user).orElseThrow().recoveryCodeHashes()).containsExactly("code-b");
        assertThat(store.consumeRecoveryCode(user, "code-b")).isTrue();
        assertThat(store.find(user).orElseThrow().recoveryCodeHashes()).isEmpty(); // the empty set reads back
    }

    @Test
    void aTotpStep_isAcceptedOnce_andNeverAnEarlierOne() {
        enrolled(); // step 100 was used by the enrolment
        assertThat(store.useTotpStep(user, 100)).isFalse();
        assertThat(store.useTotpStep(user, 99)).isFalse();
        assertThat(store.useTotpStep(user, 101)).isTrue();
        assertThat(store.useTotpStep(user, 101)).isFalse();
        assertThat(store.useTotpStep(new UserId("no-such-user"), 500)).isFalse();
    }
}
