package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.testing.DynamoDbLocalFixture;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.settings.LockoutPolicy;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each test uses its own table so the shared fixture's {@code settings} table stays untouched. */
class DynamoDbSettingsSourceTest {

    private final DynamoDbClient dynamoDb = DynamoDbLocalFixture.client();
    private final String table = "settings-" + UUID.randomUUID();

    DynamoDbSettingsSourceTest() {
        dynamoDb.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("settingsId").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("settingsId").attributeType("S")));
    }

    private DynamoDbSettingsSource source() {
        return new DynamoDbSettingsSource(dynamoDb, table);
    }

    @Test
    void withoutAStoredItem_theSpecDefaultsApply() {
        assertThat(source().current()).isEqualTo(PlatformSettings.DEFAULTS);
        assertThat(PlatformSettings.DEFAULTS.passwordPolicy()).isEqualTo(new PasswordPolicy(12, true, true, true, true, 5));
        assertThat(PlatformSettings.DEFAULTS.mfaRequired(Role.CUSTOMER)).isFalse();
        assertThat(PlatformSettings.DEFAULTS.mfaRequired(Role.PROVIDER)).isTrue();
    }

    @Test
    void everyField_survivesTheRoundTrip() {
        PlatformSettings changed = new PlatformSettings(new PasswordPolicy(20, false, true, false, true, 0),
                new LockoutPolicy(7, 42), Map.of(Role.CUSTOMER, MfaRequirement.REQUIRED, Role.PROVIDER,
                MfaRequirement.OPTIONAL, Role.MERCHANT, MfaRequirement.OPTIONAL, Role.ADMIN, MfaRequirement.REQUIRED,
                Role.SUPPORT, MfaRequirement.OPTIONAL), true, 30, 12, 24, 96, 30);
        source().save(changed);
        assertThat(source().current()).isEqualTo(changed);
        assertThat(changed.effectiveSessionTimeoutMinutes()).isEqualTo(15);
        assertThat(changed.mfaRequired(Role.MERCHANT)).as("HIPAA mode forces MFA for every role").isTrue();
    }

    @Test
    void anItemOfTheFirstVersion_keepsItsBookingFee_andDefaultsEverythingElse() {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("settingsId", AttributeValue.fromS("platform"),
                "bookingFeePercent", AttributeValue.fromN("15"))));
        assertThat(source().current()).isEqualTo(PlatformSettings.DEFAULTS.withBookingFeePercent(15));
    }

    @Test
    void anItemEditedByHandIntoInvalidSettings_isRefused_notSilentlyReplaced() {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("settingsId", AttributeValue.fromS("platform"),
                "lockout", AttributeValue.fromM(Map.of("maxFailedAttempts", AttributeValue.fromN("0"),
                        "lockMinutes", AttributeValue.fromN("15"))))));
        assertThatThrownBy(() -> source().current()).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations().getFirst().field())
                        .isEqualTo("lockout.maxFailedAttempts"));
    }
}
