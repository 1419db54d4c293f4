package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.accounts.Session;
import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.common.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The session registry in the {@code sessions} table: {@code session#<refresh hash>} per session,
 * {@code token#<jti>} per access token issued, and {@code revoked#<userId>}, the instant of the user's last
 * logout. Logout writes the mark first, so everything issued before it is refused at once, even items the
 * eventually consistent {@code byUser} index does not list yet; then it deletes what the index finds.
 * Checking an access token is one consistent {@code BatchGetItem} of its grant and the user's mark.
 */
public final class DynamoDbSessionStore implements SessionStore {

    /** Longer than any refresh token lives (30 days), so a mark outlives everything it revokes. */
    private static final Duration REVOCATION_MARK_LIFETIME = Duration.ofDays(31);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbSessionStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void open(Session session, Instant expiresAt) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "sessionKey", s("session#" + session.refreshHash()),
                "userId", s(session.userId().value()),
                "createdAt", n(session.createdAt().toEpochMilli()),
                "lastActivityAt", n(session.lastActivityAt().toEpochMilli()),
                "untilMs", n(expiresAt.toEpochMilli()),
                "expiresAt", n(expiresAt.getEpochSecond() + 1))));
    }

    @Override
    public Optional<Session> find(String refreshHash, Instant now) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key("session#" + refreshHash))).item();
        if (item == null || item.isEmpty() || Attributes.longValue(item, "untilMs") <= now.toEpochMilli()) {
            return Optional.empty();
        }
        UserId userId = new UserId(Attributes.string(item, "userId"));
        Instant createdAt = Instant.ofEpochMilli(Attributes.longValue(item, "createdAt"));
        if (revokedAt(userId).filter(mark -> !createdAt.isAfter(mark)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Session(refreshHash, userId, createdAt,
                Instant.ofEpochMilli(Attributes.longValue(item, "lastActivityAt"))));
    }

    @Override
    public boolean touch(String refreshHash, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key("session#" + refreshHash))
                    .updateExpression("SET lastActivityAt = :at")
                    .conditionExpression("attribute_exists(sessionKey)")
                    .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    @Override
    public void end(String refreshHash) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(key("session#" + refreshHash)));
    }

    @Override
    public void grant(AccessGrant grant) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "sessionKey", s("token#" + grant.tokenId()),
                "userId", s(grant.userId().value()),
                "refreshHash", s(grant.refreshHash()),
                "tokenHash", s(grant.tokenHash()),
                "issuedAt", n(grant.issuedAt().toEpochMilli()),
                "untilMs", n(grant.expiresAt().toEpochMilli()),
                "expiresAt", n(grant.expiresAt().getEpochSecond() + 1))));
    }

    @Override
    public Optional<AccessGrant> findGrant(String tokenId, UserId userId, Instant now) {
        Map<String, AttributeValue> tokenKey = key("token#" + tokenId);
        Map<String, AttributeValue> markKey = key("revoked#" + userId.value());
        List<Map<String, AttributeValue>> items = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(tokenKey, markKey).consistentRead(true).build())))
                .responses().getOrDefault(table, List.of());
        Map<String, AttributeValue> grant = null;
        Instant mark = null;
        for (Map<String, AttributeValue> item : items) {
            String sessionKey = Attributes.string(item, "sessionKey");
            if (sessionKey.startsWith("token#")) {
                grant = item;
            } else {
                mark = Instant.ofEpochMilli(Attributes.longValue(item, "revokedAt"));
            }
        }
        if (grant == null || !userId.value().equals(Attributes.string(grant, "userId"))
                || Attributes.longValue(grant, "untilMs") <= now.toEpochMilli()) {
            return Optional.empty();
        }
        Instant issuedAt = Instant.ofEpochMilli(Attributes.longValue(grant, "issuedAt"));
        if (mark != null && !issuedAt.isAfter(mark)) {
            return Optional.empty();
        }
        return Optional.of(new AccessGrant(tokenId, userId, Attributes.string(grant, "refreshHash"),
                Attributes.string(grant, "tokenHash"), issuedAt,
                Instant.ofEpochMilli(Attributes.longValue(grant, "untilMs"))));
    }

    @Override
    public int revokeAll(UserId userId, Instant at) {
        Instant markExpiry = at.plus(REVOCATION_MARK_LIFETIME);
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "sessionKey", s("revoked#" + userId.value()),
                "revokedAt", n(at.toEpochMilli()),
                "expiresAt", n(markExpiry.getEpochSecond()))));
        List<WriteRequest> deletes = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(table).indexName("byUser")
                .keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", s(userId.value())))
                .projectionExpression("sessionKey")
                .build();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query).items()) {
            deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of("sessionKey", item.get("sessionKey"))))
                    .build());
        }
        Batches.writeAll(dynamoDb, table, deletes); // the mark already revoked them; this is tidying up
        return deletes.size();
    }

    private Optional<Instant> revokedAt(UserId userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key("revoked#" + userId.value()))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Attributes.longValue(item, "revokedAt")));
    }

    private static Map<String, AttributeValue> key(String sessionKey) {
        return Map.of("sessionKey", s(sessionKey));
    }
}
