package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.verification.PolicyStore;
import com.safehold.domain.verification.VerificationPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The verification policy (SPEC 4.8) in the {@code settings} table, item
 * {@code settingsId = "verification-policy"}; {@link VerificationPolicy#DEFAULT} until an admin sets one.
 * A replacement is one put: the policy is small and written rarely, by admins only.
 */
public final class DynamoDbPolicyStore implements PolicyStore {

    static final String ITEM = "verification-policy";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbPolicyStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public VerificationPolicy current() {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("settingsId", s(ITEM)))).item();
        if (item == null || item.isEmpty()) {
            return VerificationPolicy.DEFAULT;
        }
        return new VerificationPolicy(strings(item, "requiredForPaymentMethods"),
                Attributes.longValue(item, "minBasketCents"), Attributes.boolValue(item, "allowLandline"),
                Attributes.boolValue(item, "allowMobile"), strings(item, "allowedCountries"),
                Attributes.intValue(item, "codeLength"), Attributes.intValue(item, "codeTtlSeconds"),
                Attributes.intValue(item, "maxAttempts"), Attributes.intValue(item, "maxCallsPerNumberPerDay"),
                strings(item, "restrictedPaymentMethods"));
    }

    @Override
    public void save(VerificationPolicy p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("settingsId", s(ITEM));
        item.put("requiredForPaymentMethods", list(p.requiredForPaymentMethods()));
        item.put("minBasketCents", n(p.minBasketCents()));
        item.put("allowLandline", bool(p.allowLandline()));
        item.put("allowMobile", bool(p.allowMobile()));
        item.put("allowedCountries", list(p.allowedCountries()));
        item.put("codeLength", n(p.codeLength()));
        item.put("codeTtlSeconds", n(p.codeTtlSeconds()));
        item.put("maxAttempts", n(p.maxAttempts()));
        item.put("maxCallsPerNumberPerDay", n(p.maxCallsPerNumberPerDay()));
        item.put("restrictedPaymentMethods", list(p.restrictedPaymentMethods()));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    private static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(Attributes::s).toList());
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        return item.get(name).l().stream().map(AttributeValue::s).toList();
    }
}
