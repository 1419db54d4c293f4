package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.boolValue;
import static com.safehold.adapters.dynamodb.Attributes.longValue;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;
import static com.safehold.adapters.dynamodb.Attributes.string;

import com.safehold.domain.common.UserId;
import com.safehold.domain.users.ProfileDirectory;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Public profiles in the {@code users} table, keyed by {@code userId} (the Cognito sub). Personal fields of
 * the same item (e-mail, phone) arrive encrypted with accounts (SPEC 4.1, 4.7) and are never read here.
 */
public final class DynamoDbProfileDirectory implements ProfileDirectory {

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
                .projectionExpression("userId, pseudonym, phoneVerified, completedBookings, noShows")).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Trust trust = new Trust(boolValue(item, "phoneVerified"), (int) longValue(item, "completedBookings", 0),
                (int) longValue(item, "noShows", 0));
        return Optional.of(new PublicProfile(userId, string(item, "pseudonym"), trust));
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
