package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.accounts.Session;
import com.safehold.domain.common.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

@ContractTest
class DynamoDbSessionStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

    private final ContractTarget target;
    private final DynamoDbSessionStore store;
    private final UserId user = new UserId(UUID.randomUUID().toString());

    DynamoDbSessionStoreTest(ContractTarget target) {
        this.target = target;
        this.store = new DynamoDbSessionStore(target.dynamoDb(), target.tableName(Tables.SESSIONS));
    }

    private AccessGrant grant(UserId owner, Instant issuedAt) {
        AccessGrant grant = new AccessGrant(UUID.randomUUID().toString(), owner, "refresh-hash", "token-hash",
                issuedAt, issuedAt.plus(Duration.ofHours(1)));
        store.grant(grant);
        return grant;
    }

    @Test
    void aGrant_isFoundForItsOwnerUntilItExpires_andNeverForAnotherUser() {
        AccessGrant grant = grant(user, T0);
        assertThat(store.findGrant(grant.tokenId(), user, T0.plusSeconds(10))).contains(grant);
        assertThat(store.findGrant(grant.tokenId(), new UserId("someone-else"), T0)).isEmpty();
        assertThat(store.findGrant(grant.tokenId(), user, T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(store.findGrant("unknown-jti", user, T0)).isEmpty();
    }

    @Test
    void revokeAll_refusesEverythingIssuedUpToTheMark_andDeletesItViaTheIndex_butNotLaterLogins() throws Exception {
        String refreshHash = "r-" + UUID.randomUUID();
        store.open(new Session(refreshHash, user, T0, T0), T0.plus(Duration.ofDays(30)));
        AccessGrant before = grant(user, T0);
        AccessGrant otherUsers = grant(new UserId(UUID.randomUUID().toString()), T0);
        awaitListed(user, 2);

        int deleted = store.revokeAll(user, T0.plusSeconds(5));

        assertThat(deleted).isEqualTo(2);
        assertThat(store.findGrant(before.tokenId(), user, T0.plusSeconds(6))).isEmpty();
        assertThat(store.find(refreshHash, T0.plusSeconds(6))).isEmpty();
        assertThat(store.findGrant(otherUsers.tokenId(), otherUsers.userId(), T0.plusSeconds(6))).isPresent();

        AccessGrant after = grant(user, T0.plusSeconds(6));
        assertThat(store.findGrant(after.tokenId(), user, T0.plusSeconds(7))).contains(after);
    }

    /** DynamoDB fills an index shortly after the write (the emulators at once): wait until it lists {@code n} items. */
    private void awaitListed(UserId owner, int n) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (target.dynamoDb().query(r -> r.tableName(target.tableName(Tables.SESSIONS)).indexName("byUser")
                .keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", AttributeValue.fromS(owner.value())))
                .select(Select.COUNT)).count() < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the byUser index did not list " + n + " items within 30 s");
            }
            Thread.sleep(200);
        }
    }

    @Test
    void theRevocationMark_alone_refusesGrantsTheIndexHasNotListedYet() {
        AccessGrant grant = grant(user, T0);
        // simulate an item the eventually consistent index missed: write the mark only
        store.revokeAll(new UserId(user.value()), T0.plusSeconds(1));
        store.grant(grant); // the same grant, written again after the deletes ran
        assertThat(store.findGrant(grant.tokenId(), user, T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void sessions_touch_end_andExpire() {
        String refreshHash = "r-" + UUID.randomUUID();
        store.open(new Session(refreshHash, user, T0, T0), T0.plus(Duration.ofDays(30)));
        assertThat(store.touch(refreshHash, T0.plusSeconds(90))).isTrue();
        assertThat(store.find(refreshHash, T0.plusSeconds(91)))
                .contains(new Session(refreshHash, user, T0, T0.plusSeconds(90)));
        assertThat(store.find(refreshHash, T0.plus(Duration.ofDays(30)))).isEmpty();
        store.end(refreshHash);
        assertThat(store.find(refreshHash, T0)).isEmpty();
        assertThat(store.touch(refreshHash, T0)).isFalse();
    }
}
