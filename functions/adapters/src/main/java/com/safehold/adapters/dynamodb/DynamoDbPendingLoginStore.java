package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.accounts.PendingLogin;
import com.safehold.domain.accounts.PendingLoginStore;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Logins waiting for their second factor, as {@code pending#<session hash>} items in the
 * {@code login-state} table. The tokens they hold are encrypted with the field cipher, bound to the item;
 * the item expires by TTL and counts as absent once {@code untilMs} has passed.
 */
public final class DynamoDbPendingLoginStore implements PendingLoginStore {

    private static final String LOGICAL_TABLE = "login-state";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final EncryptedAttributes encrypted;

    public DynamoDbPendingLoginStore(DynamoDbClient dynamoDb, String table, FieldCipher cipher) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.encrypted = new EncryptedAttributes(cipher, LOGICAL_TABLE);
    }

    @Override
    public void save(PendingLogin login) {
        String stateKey = stateKey(login.sessionHash());
        IssuedTokens tokens = login.tokens();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("stateKey", s(stateKey));
        item.put("userId", s(login.userId().value()));
        item.put("role", s(login.role().groupName()));
        item.put("purpose", s(login.purpose().name()));
        item.put("guardKey", s(login.guardKey()));
        if (login.deviceHash() != null) {
            item.put("deviceHash", s(login.deviceHash()));
        }
        item.put("accessTokenId", s(tokens.accessTokenId()));
        item.put("expiresIn", n(tokens.expiresInSeconds()));
        encrypted.put(item, login.userId(), stateKey, "accessToken", tokens.accessToken());
        encrypted.put(item, login.userId(), stateKey, "idToken", tokens.idToken());
        encrypted.put(item, login.userId(), stateKey, "refreshToken", tokens.refreshToken());
        item.put("untilMs", n(login.expiresAt().toEpochMilli()));
        item.put("expiresAt", n(login.expiresAt().getEpochSecond() + 1));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<PendingLogin> find(String sessionHash, Instant now) {
        String stateKey = stateKey(sessionHash);
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("stateKey", s(stateKey)))).item();
        if (item == null || item.isEmpty() || Attributes.longValue(item, "untilMs") <= now.toEpochMilli()) {
            return Optional.empty();
        }
        UserId owner = new UserId(Attributes.string(item, "userId"));
        IssuedTokens tokens = new IssuedTokens(
                encrypted.get(item, owner, stateKey, "accessToken"),
                encrypted.get(item, owner, stateKey, "idToken"),
                encrypted.get(item, owner, stateKey, "refreshToken"),
                Attributes.string(item, "accessTokenId"),
                Attributes.longValue(item, "expiresIn"));
        return Optional.of(new PendingLogin(sessionHash,
                owner,
                Role.fromGroup(Attributes.string(item, "role")).orElseThrow(),
                PendingLogin.Purpose.valueOf(Attributes.string(item, "purpose")),
                Attributes.string(item, "guardKey"),
                item.containsKey("deviceHash") ? Attributes.string(item, "deviceHash") : null,
                tokens,
                Instant.ofEpochMilli(Attributes.longValue(item, "untilMs"))));
    }

    @Override
    public boolean consume(String sessionHash) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("stateKey", s(stateKey(sessionHash))))
                    .conditionExpression("attribute_exists(stateKey)"));
            return true;
        } catch (ConditionalCheckFailedException alreadyUsed) {
            return false;
        }
    }

    private static String stateKey(String sessionHash) {
        return "pending#" + sessionHash;
    }
}
