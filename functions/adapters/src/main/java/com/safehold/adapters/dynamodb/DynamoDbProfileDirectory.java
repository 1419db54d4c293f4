package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.instant;
import static com.safehold.adapters.dynamodb.Attributes.boolValue;
import static com.safehold.adapters.dynamodb.Attributes.longValue;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;
import static com.safehold.adapters.dynamodb.Attributes.string;

import com.safehold.domain.common.UserId;
import com.safehold.domain.users.ProfileDirectory;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Public profiles in the {@code users} table, keyed by {@code userId} (the Cognito sub). Personal fields of
 * the same item (e-mail, phone) arrive encrypted with accounts (SPEC 4.1, 4.7) and are never read here.
 */
public final class DynamoDbProfileDirectory implements ProfileDirectory {

    /**
     * Set while a person is being erased and kept after: booking creation checks it in its transaction
     * ({@link DynamoDbBookingStore#withErasureFence}).
     */
    static final String ERASING = "erasingAt";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbProfileDirectory(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<PublicProfile> find(UserId userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("userId", s(userId.value())))
                .projectionExpression("userId, pseudonym, phoneVerified, completedBookings, noShows, erasedAt")).item();
        if (item == null || item.isEmpty() || item.containsKey("erasedAt")) {
            return Optional.empty();
        }
        Trust trust = new Trust(boolValue(item, "phoneVerified"), (int) longValue(item, "completedBookings", 0),
                (int) longValue(item, "noShows", 0));
        return Optional.of(new PublicProfile(userId, string(item, "pseudonym"), trust));
    }

    @Override
    public void beginErasure(UserId userId, Instant at) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(userId))
                .updateExpression("SET " + ERASING + " = if_not_exists(" + ERASING + ", :at)")
                .expressionAttributeValues(Map.of(":at", instant(at))));
    }

    @Override
    public void cancelErasure(UserId userId) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(userId))
                .updateExpression("REMOVE " + ERASING));
    }

    @Override
    public void completeErasure(UserId userId, Instant at) {
        // A put, not an update: whatever else the item held goes; the record keeps no personal field.
        Map<String, AttributeValue> current = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(userId))).item();
        Map<String, AttributeValue> record = new HashMap<>();
        record.put("userId", s(userId.value()));
        record.put(ERASING, current != null && current.containsKey(ERASING) ? current.get(ERASING) : instant(at));
        record.put("erasedAt", current != null && current.containsKey("erasedAt") ? current.get("erasedAt") : instant(at));
        dynamoDb.putItem(r -> r.tableName(table).item(record));
    }

    private static Map<String, AttributeValue> key(UserId userId) {
        return Map.of("userId", s(userId.value()));
    }

    /** Creates or replaces the public part of a profile (signup, the seeded admin, tests). */
    public void save(PublicProfile profile) {
        dynamoDb.updateItem(r -> r.tableName(table)
                .key(Map.of("userId", s(profile.userId().value())))
                .updateExpression("SET pseudonym = :p, phoneVerified = :v, completedBookings = :c, noShows = :n")
                .expressionAttributeValues(Map.of(
                        ":p", s(profile.pseudonym()),
                        ":v", bool(profile.trust().phoneVerified()),
                        ":c", n(profile.trust().completedBookings()),
                        ":n", n(profile.trust().noShows()))));
    }
}
