package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.instant;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.adapters.crypto.PersonKeyVault;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Wrapped per-person data keys in the {@code keys} table, one item per person: {@code owner},
 * {@code wrapped} (binary) and {@code createdAt}; after erasure only {@code owner} and {@code shreddedAt}.
 * Reads are strongly consistent, so an erasure is seen by the next read that misses the cache.
 */
public final class DynamoDbPersonKeyVault implements PersonKeyVault {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbPersonKeyVault(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<StoredKey> find(UserId owner) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(owner))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue wrapped = item.get("wrapped");
        return Optional.of(wrapped == null
                ? new StoredKey(null, Attributes.instantValue(item, "shreddedAt"))
                : new StoredKey(wrapped.b().asByteArray(), null));
    }

    @Override
    public boolean create(UserId owner, byte[] wrapped, Instant at) {
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of("owner", s(owner.value()),
                            "wrapped", AttributeValue.fromB(SdkBytes.fromByteArray(wrapped)),
                            "createdAt", instant(at)))
                    .conditionExpression("attribute_not_exists(#owner)")
                    .expressionAttributeNames(Map.of("#owner", "owner")));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public void shred(UserId owner, Instant at) {
        // An update, not a delete: the tombstone stops a late writer from making the person a new key.
        dynamoDb.updateItem(r -> r.tableName(table).key(key(owner))
                .updateExpression("REMOVE #wrapped, createdAt SET shreddedAt = if_not_exists(shreddedAt, :at)")
                .expressionAttributeNames(Map.of("#wrapped", "wrapped")) // a reserved word in expressions
                .expressionAttributeValues(Map.of(":at", instant(at))));
    }

    private static Map<String, AttributeValue> key(UserId owner) {
        return Map.of("owner", s(owner.value()));
    }
}
