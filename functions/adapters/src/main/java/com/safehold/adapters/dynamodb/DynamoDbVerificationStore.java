package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.verification.Verification;
import com.safehold.domain.verification.VerificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Verifications in the {@code verifications} table (the number field-encrypted for the customer, the code
 * only as a keyed hash), call counters in {@code call-limits} (one item per limit and time window, gone by
 * TTL), and the verified-phone trust flag in {@code users}. The calls worker passes null for the limits and
 * users tables: it only reads and marks verifications.
 */
public final class DynamoDbVerificationStore implements VerificationStore {

    private final DynamoDbClient dynamoDb;
    private final String verifications;
    private final String limits;
    private final String users;
    private final EncryptedAttributes phones;

    public DynamoDbVerificationStore(DynamoDbClient dynamoDb, String verifications, String limits, String users,
            FieldCipher cipher) {
        this.dynamoDb = dynamoDb;
        this.verifications = verifications;
        this.limits = limits;
        this.users = users;
        this.phones = new EncryptedAttributes(cipher, "verifications");
    }

    @Override
    public void create(Verification v, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(key(v.verificationId()));
        item.put("customerId", s(v.customerId().value()));
        phones.put(item, v.customerId(), v.verificationId(), "phone", v.phone());
        item.put("phoneKey", s(v.phoneKey()));
        item.put("codeHash", s(v.codeHash()));
        item.put("status", s(v.status().name()));
        item.put("attempts", n(v.attempts()));
        item.put("maxAttempts", n(v.maxAttempts()));
        item.put("createdAt", n(v.createdAt().toEpochMilli()));
        item.put("expiresAtMs", n(v.expiresAt().toEpochMilli()));
        item.put("language", s(v.language()));
        item.put("expiresAt", n(keepUntil.getEpochSecond()));
        dynamoDb.putItem(r -> r.tableName(verifications).item(item)
                .conditionExpression("attribute_not_exists(verificationId)"));
    }

    @Override
    public Optional<Verification> find(String verificationId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(verifications).consistentRead(true)
                .key(key(verificationId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(verification(item));
    }

    @Override
    public Optional<Verification> countAttempt(String verificationId) {
        try {
            Map<String, AttributeValue> after = dynamoDb.updateItem(r -> r.tableName(verifications)
                    .key(key(verificationId))
                    .updateExpression("ADD attempts :one")
                    .conditionExpression("#status = :calling AND attempts < maxAttempts")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":calling", s("CALLING")))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(verification(after));
        } catch (ConditionalCheckFailedException noAttemptLeft) {
            return Optional.empty();
        }
    }

    @Override
    public Marked markVerified(String verificationId, UserId customer) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(verifications).key(key(verificationId))
                        .updateExpression("SET #status = :verified")
                        .conditionExpression("#status = :calling")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":verified", s(Verification.Status.VERIFIED.name()),
                                ":calling", s(Verification.Status.CALLING.name())))).build(),
                TransactWriteItem.builder().update(phoneVerified(customer)).build());
        return switch (Transactions.firstFailedCondition(dynamoDb, writes)) {
            case -1 -> Marked.VERIFIED;
            case 0 -> Marked.NOT_CALLING;
            default -> Marked.NO_CUSTOMER;
        };
    }

    @Override
    public void markFailed(String verificationId) {
        setStatus(verificationId, Verification.Status.FAILED);
    }

    @Override
    public boolean markCallPlaced(String verificationId, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(verifications).key(key(verificationId))
                    .updateExpression("SET callPlacedAt = :at")
                    .conditionExpression("attribute_exists(verificationId) AND attribute_not_exists(callPlacedAt)")
                    .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException already) {
            return false;
        }
    }

    @Override
    public Optional<CallLimit> countCall(List<CallLimit> callLimits) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (CallLimit limit : callLimits) {
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(limits)
                    .key(Map.of("limitKey", s(limit.key())))
                    .updateExpression("ADD calls :one SET expiresAt = :until")
                    .conditionExpression("attribute_not_exists(calls) OR calls < :max")
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(limit.max()),
                            ":until", n(limit.until().getEpochSecond() + 1)))).build());
        }
        int reached = Transactions.firstFailedCondition(dynamoDb, writes);
        return reached < 0 ? Optional.empty() : Optional.of(callLimits.get(reached));
    }

    @Override
    public boolean markPhoneVerified(UserId customer) {
        Update update = phoneVerified(customer);
        try {
            dynamoDb.updateItem(r -> r.tableName(update.tableName()).key(update.key())
                    .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                    .expressionAttributeValues(update.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException noAccount) {
            return false;
        }
    }

    /** Sets the trust flag on the customer's account item, and never creates one (an erased account stays gone). */
    private Update phoneVerified(UserId customer) {
        return Update.builder().tableName(users).key(Map.of("userId", s(customer.value())))
                .updateExpression("SET phoneVerified = :yes").conditionExpression("attribute_exists(userId)")
                .expressionAttributeValues(Map.of(":yes", bool(true))).build();
    }

    private boolean setStatus(String verificationId, Verification.Status status) {
        try {
            dynamoDb.updateItem(r -> r.tableName(verifications).key(key(verificationId))
                    .updateExpression("SET #status = :next")
                    .conditionExpression("#status = :calling")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":next", s(status.name()), ":calling", s("CALLING"))));
            return true;
        } catch (ConditionalCheckFailedException notCalling) {
            return false;
        }
    }

    @Override
    public List<Verification> verificationsOf(UserId customer) {
        return Batches.ownedBy(dynamoDb, verifications, "byCustomer", "customerId", customer.value(), "verificationId")
                .stream().map(this::verification).toList();
    }

    private Verification verification(Map<String, AttributeValue> item) {
        String id = Attributes.string(item, "verificationId");
        UserId customer = new UserId(Attributes.string(item, "customerId"));
        return new Verification(id, customer, phones.get(item, customer, id, "phone"), Attributes.string(item, "phoneKey"),
                Attributes.string(item, "codeHash"), Verification.Status.valueOf(Attributes.string(item, "status")),
                Attributes.intValue(item, "attempts"), Attributes.intValue(item, "maxAttempts"),
                Instant.ofEpochMilli(Attributes.longValue(item, "createdAt")),
                Instant.ofEpochMilli(Attributes.longValue(item, "expiresAtMs")), Attributes.string(item, "language"),
                item.containsKey("callPlacedAt") ? Instant.ofEpochMilli(Attributes.longValue(item, "callPlacedAt")) : null);
    }

    private static Map<String, AttributeValue> key(String verificationId) {
        return Map.of("verificationId", s(verificationId));
    }
}
