package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.accounts.LoginGuard;
import com.safehold.domain.settings.LockoutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Lockout counters ({@code guard#<key>}) and trusted devices ({@code device#<hash>}) in the
 * {@code login-state} table. A counter item holds {@code failures} and {@code untilMs}, the end of its
 * window: {@code lockMinutes} after the last counted attempt. While {@code failures >= maxFailedAttempts}
 * and the window is open the key is locked; once the window has passed the item counts as absent (TTL
 * removes it later). Every change is one conditional write, so concurrent attempts are counted exactly.
 */
public final class DynamoDbLoginGuard implements LoginGuard {

    private static final int MAX_RACES = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbLoginGuard(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<Duration> begin(String key, LockoutPolicy policy, Instant now) {
        Instant until = now.plus(Duration.ofMinutes(policy.lockMinutes()));
        for (int race = 0; race < MAX_RACES; race++) {
            try {
                dynamoDb.updateItem(r -> r.tableName(table).key(guardKey(key))
                        .updateExpression("SET failures = failures + :one, untilMs = :until, expiresAt = :ttl")
                        .conditionExpression("attribute_exists(stateKey) AND untilMs > :now AND failures < :max")
                        .expressionAttributeValues(Map.of(":one", n(1), ":until", n(until.toEpochMilli()),
                                ":ttl", n(until.getEpochSecond() + 1), ":now", n(now.toEpochMilli()),
                                ":max", n(policy.maxFailedAttempts())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return Optional.empty();
            } catch (ConditionalCheckFailedException notCounted) {
                Map<String, AttributeValue> old = notCounted.item();
                if (old != null && !old.isEmpty() && Attributes.longValue(old, "untilMs") > now.toEpochMilli()) {
                    // open window and not below the limit: locked until the window closes
                    return Optional.of(Duration.ofMillis(Attributes.longValue(old, "untilMs") - now.toEpochMilli()));
                }
            }
            try { // no counter, or an expired one: start a new window with this attempt
                dynamoDb.putItem(r -> r.tableName(table)
                        .item(Map.of("stateKey", s("guard#" + key), "failures", n(1),
                                "untilMs", n(until.toEpochMilli()), "expiresAt", n(until.getEpochSecond() + 1)))
                        .conditionExpression("attribute_not_exists(stateKey) OR untilMs <= :now")
                        .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()))));
                return Optional.empty();
            } catch (ConditionalCheckFailedException someoneElseStartedIt) {
                // a concurrent attempt created the counter first: count against it
            }
        }
        throw new IllegalStateException("lockout counter kept changing under concurrent attempts");
    }

    @Override
    public void release(String key) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(guardKey(key))
                    .updateExpression("SET failures = failures - :one")
                    .conditionExpression("failures > :zero")
                    .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException nothingToTakeBack) {
            // reset meanwhile, or expired and gone
        }
    }

    @Override
    public void reset(String key) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(guardKey(key)));
    }

    @Override
    public void trustDevice(String deviceHash, String key, Instant expiresAt) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "stateKey", s("device#" + deviceHash),
                "guardKey", s(key),
                "untilMs", n(expiresAt.toEpochMilli()),
                "expiresAt", n(expiresAt.getEpochSecond()))));
    }

    @Override
    public boolean isTrusted(String deviceHash, String key, Instant now) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("stateKey", s("device#" + deviceHash)))).item();
        return item != null && !item.isEmpty()
                && key.equals(Attributes.string(item, "guardKey"))
                && Attributes.longValue(item, "untilMs") > now.toEpochMilli();
    }

    private static Map<String, AttributeValue> guardKey(String key) {
        return Map.of("stateKey", s("guard#" + key));
    }
}
