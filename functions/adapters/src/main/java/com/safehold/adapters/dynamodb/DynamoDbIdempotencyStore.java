package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.longValue;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;
import static com.safehold.adapters.dynamodb.Attributes.string;

import com.safehold.domain.idempotency.IdempotencyRecord;
import com.safehold.domain.idempotency.IdempotencyStore;
import com.safehold.domain.idempotency.StoredResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Idempotency records in the {@code idempotency} table, the way Powertools keeps them: one conditional put
 * claims a key, and a failed condition returns the record that holds it without a second read.
 * {@code expiresAt} (epoch seconds) is the table's TTL attribute; because TTL deletes lazily, an expired
 * record is treated as absent by the condition itself.
 *
 * <p>Each claim writes a fresh random {@code claimToken}. When the SDK repeats the claim's put because the answer to
 * the first one was lost (a timeout, a 5xx), the repeat finds the record its own first attempt wrote and fails the
 * condition; the token tells that record apart from a competitor's, so the request goes on instead of answering
 * {@code idempotency_request_in_progress} to itself until the claim runs out (docs/decisions/0020).
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

    private static final String CLAIMABLE = "attribute_not_exists(recordId) OR expiresAt <= :nowSeconds"
            + " OR (#status = :inProgress AND inProgressUntil <= :nowMillis)";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord inProgress, Instant now) {
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("recordId", s(inProgress.recordId()));
        item.put("claimToken", s(token));
        item.put("requestHash", s(inProgress.requestHash()));
        item.put("status", s(IdempotencyRecord.Status.IN_PROGRESS.name()));
        item.put("inProgressUntil", n(inProgress.inProgressUntil().toEpochMilli()));
        item.put("expiresAt", n(inProgress.expiresAt().getEpochSecond()));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(CLAIMABLE)
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":nowSeconds", n(now.getEpochSecond()),
                            ":nowMillis", n(now.toEpochMilli()),
                            ":inProgress", s(IdempotencyRecord.Status.IN_PROGRESS.name())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException held) {
            if (held.hasItem() && held.item().containsKey("claimToken")
                    && token.equals(held.item().get("claimToken").s())) {
                return Optional.empty(); // our own first attempt stored it; only its answer was lost
            }
            return Optional.of(fromItem(held.item()));
        }
    }

    @Override
    public void complete(String recordId, StoredResponse response, Instant expiresAt) {
        dynamoDb.updateItem(r -> r.tableName(table)
                .key(Map.of("recordId", s(recordId)))
                .updateExpression("SET #status = :completed, responseStatus = :rs, responseHeaders = :rh,"
                        + " responseBody = :rb, responseWithheld = :rw, expiresAt = :exp REMOVE inProgressUntil")
                .conditionExpression("attribute_exists(recordId)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":completed", s(IdempotencyRecord.Status.COMPLETED.name()),
                        ":rs", n(response.status()),
                        ":rh", AttributeValue.fromM(response.headers().entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))),
                        ":rb", s(response.body()),
                        ":rw", AttributeValue.fromBool(response.withheld()),
                        ":exp", n(expiresAt.getEpochSecond()))));
    }

    @Override
    public void release(String recordId) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("recordId", s(recordId))));
    }

    private static IdempotencyRecord fromItem(Map<String, AttributeValue> item) {
        IdempotencyRecord.Status status = IdempotencyRecord.Status.valueOf(string(item, "status"));
        StoredResponse response = null;
        if (status == IdempotencyRecord.Status.COMPLETED) {
            Map<String, String> headers = item.getOrDefault("responseHeaders", AttributeValue.fromM(Map.of())).m()
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
            AttributeValue withheld = item.get("responseWithheld");
            response = new StoredResponse((int) longValue(item, "responseStatus"), headers,
                    string(item, "responseBody"), withheld != null && Boolean.TRUE.equals(withheld.bool()));
        }
        long inProgressUntil = longValue(item, "inProgressUntil", 0);
        return new IdempotencyRecord(string(item, "recordId"), string(item, "requestHash"), status, response,
                inProgressUntil == 0 ? null : Instant.ofEpochMilli(inProgressUntil),
                Instant.ofEpochSecond(longValue(item, "expiresAt")));
    }
}
