package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.settings.SettingsSource;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Platform settings from the {@code settings} table (item {@code settingsId = "platform"}); the spec's
 * defaults apply until an admin stores settings. Read on every call, so a change applies at once.
 */
public final class DynamoDbSettingsSource implements SettingsSource {

    static final String PLATFORM = "platform";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbSettingsSource(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public PlatformSettings current() {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("settingsId", s(PLATFORM)))).item();
        if (item == null || !item.containsKey("bookingFeePercent")) {
            return PlatformSettings.DEFAULTS;
        }
        return new PlatformSettings(Attributes.intValue(item, "bookingFeePercent"));
    }

    /** Stores settings (admin settings route later; tests now). */
    public void save(PlatformSettings settings) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "settingsId", s(PLATFORM),
                "bookingFeePercent", Attributes.n(settings.bookingFeePercent()))));
    }
}
