package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.accounts.Account;
import com.safehold.domain.accounts.AccountStore;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Accounts' security records in the {@code accounts} table. The TOTP secrets and the phone number are
 * encrypted with the field cipher, bound to the item and attribute; recovery codes (a string set) and old
 * passwords (a list) are stored only as hashes.
 */
public final class DynamoDbAccountStore implements AccountStore {

    static final String LOGICAL_TABLE = "accounts";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final EncryptedAttributes encrypted;

    public DynamoDbAccountStore(DynamoDbClient dynamoDb, String table, FieldCipher cipher) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.encrypted = new EncryptedAttributes(cipher, LOGICAL_TABLE);
    }

    @Override
    public Optional<Account> find(UserId userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean create(Account account) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(toItem(account, 1))
                    .conditionExpression("attribute_not_exists(userId)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public void update(Account account) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(toItem(account, account.version() + 1))
                    .conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(account.version()))));
        } catch (ConditionalCheckFailedException changed) {
            throw new ConcurrentModificationException("account changed concurrently");
        }
    }

    @Override
    public void delete(UserId userId) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(key(userId)));
    }

    @Override
    public boolean consumeRecoveryCode(UserId userId, String codeHash) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(userId))
                    .updateExpression("DELETE recoveryCodes :code ADD version :one")
                    .conditionExpression("contains(recoveryCodes, :hash)")
                    .expressionAttributeValues(Map.of(
                            ":code", AttributeValue.fromSs(List.of(codeHash)),
                            ":hash", s(codeHash),
                            ":one", n(1))));
            return true;
        } catch (ConditionalCheckFailedException usedOrUnknown) {
            return false;
        }
    }

    @Override
    public boolean useTotpStep(UserId userId, long step) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(userId))
                    .updateExpression("SET lastTotpStep = :step ADD version :one")
                    .conditionExpression("attribute_exists(userId) AND lastTotpStep < :step")
                    .expressionAttributeValues(Map.of(":step", n(step), ":one", n(1))));
            return true;
        } catch (ConditionalCheckFailedException replay) {
            return false;
        }
    }

    private Map<String, AttributeValue> toItem(Account a, long version) {
        String id = a.userId().value();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("userId", s(id));
        item.put("role", s(a.role().groupName()));
        item.put("guardKey", s(a.guardKey()));
        item.put("lastTotpStep", n(a.lastTotpStep()));
        item.put("passwordHistory", AttributeValue.fromL(a.passwordHistory().stream().map(Attributes::s).toList()));
        item.put("version", n(version));
        encrypted.put(item, a.userId(), id, "phone", a.phone());
        encrypted.put(item, a.userId(), id, "totpSecret", a.totpSecret());
        encrypted.put(item, a.userId(), id, "pendingTotpSecret", a.pendingTotpSecret());
        if (a.mfaEnrolledAt() != null) {
            item.put("mfaEnrolledAt", n(a.mfaEnrolledAt().toEpochMilli()));
        }
        if (a.pendingTotpExpiresAt() != null) {
            item.put("pendingTotpExpiresAt", n(a.pendingTotpExpiresAt().toEpochMilli()));
        }
        if (!a.recoveryCodeHashes().isEmpty()) { // DynamoDB sets cannot be empty
            item.put("recoveryCodes", AttributeValue.fromSs(List.copyOf(a.recoveryCodeHashes())));
        }
        return item;
    }

    private Account fromItem(Map<String, AttributeValue> item) {
        String id = Attributes.string(item, "userId");
        UserId owner = new UserId(id);
        List<String> history = new ArrayList<>();
        item.getOrDefault("passwordHistory", AttributeValue.fromL(List.of())).l().forEach(v -> history.add(v.s()));
        AttributeValue codes = item.get("recoveryCodes");
        return new Account(
                owner,
                Role.fromGroup(Attributes.string(item, "role")).orElseThrow(),
                Attributes.string(item, "guardKey"),
                encrypted.get(item, owner, id, "phone"),
                encrypted.get(item, owner, id, "totpSecret"),
                millis(item, "mfaEnrolledAt"),
                Attributes.longValue(item, "lastTotpStep", 0),
                encrypted.get(item, owner, id, "pendingTotpSecret"),
                millis(item, "pendingTotpExpiresAt"),
                codes == null ? Set.of() : Set.copyOf(codes.ss()),
                history,
                Attributes.longValue(item, "version"));
    }

    private static Instant millis(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static Map<String, AttributeValue> key(UserId userId) {
        return Map.of("userId", s(userId.value()));
    }
}
