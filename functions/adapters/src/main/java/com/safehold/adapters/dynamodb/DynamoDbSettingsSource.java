package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.common.Role;
import com.safehold.domain.settings.LockoutPolicy;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.settings.SettingsSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Platform settings in the {@code settings} table, item {@code settingsId = "platform"}, as nested attributes
 * (readable in the console). The spec's defaults apply until an admin stores settings, and to every part an
 * older item lacks (the first version stored only {@code bookingFeePercent}). An item that fails validation
 * (edited by hand) throws: the platform must not quietly run on rules nobody chose. One {@code GetItem} per
 * call; handlers read through {@code CachedSettingsSource}.
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
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("settingsId", s(PLATFORM)))).item();
        if (item == null || item.isEmpty()) {
            return PlatformSettings.DEFAULTS;
        }
        PlatformSettings d = PlatformSettings.DEFAULTS;
        Map<String, AttributeValue> password = map(item, "passwordPolicy");
        Map<String, AttributeValue> lockout = map(item, "lockout");
        Map<String, AttributeValue> mfa = map(item, "mfa");
        Map<Role, MfaRequirement> requirements = new EnumMap<>(d.mfa());
        mfa.forEach((group, value) -> Role.fromGroup(group)
                .ifPresent(role -> requirements.put(role, MfaRequirement.valueOf(value.s()))));
        return new PlatformSettings(
                new PasswordPolicy(
                        integer(password, "minLength", d.passwordPolicy().minLength()),
                        flag(password, "requireUppercase", d.passwordPolicy().requireUppercase()),
                        flag(password, "requireLowercase", d.passwordPolicy().requireLowercase()),
                        flag(password, "requireDigits", d.passwordPolicy().requireDigits()),
                        flag(password, "requireSymbols", d.passwordPolicy().requireSymbols()),
                        integer(password, "historySize", d.passwordPolicy().historySize())),
                new LockoutPolicy(
                        integer(lockout, "maxFailedAttempts", d.lockout().maxFailedAttempts()),
                        integer(lockout, "lockMinutes", d.lockout().lockMinutes())),
                requirements,
                flag(item, "hipaaMode", d.hipaaMode()),
                integer(item, "sessionTimeoutMinutes", d.sessionTimeoutMinutes()),
                integer(item, "bookingFeePercent", d.bookingFeePercent()),
                integer(item, "disputeObjectionHours", d.disputeObjectionHours()),
                integer(item, "unclaimedEscrowHours", d.unclaimedEscrowHours()),
                integer(item, "retentionBookingsDays", d.retentionBookingsDays()));
    }

    /** Replaces the stored settings (the admin settings route; tests). */
    public void save(PlatformSettings settings) {
        PasswordPolicy p = settings.passwordPolicy();
        Map<String, AttributeValue> mfa = new HashMap<>();
        settings.mfa().forEach((role, requirement) -> mfa.put(role.groupName(), s(requirement.name())));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("settingsId", s(PLATFORM));
        item.put("passwordPolicy", AttributeValue.fromM(Map.of(
                "minLength", n(p.minLength()),
                "requireUppercase", bool(p.requireUppercase()),
                "requireLowercase", bool(p.requireLowercase()),
                "requireDigits", bool(p.requireDigits()),
                "requireSymbols", bool(p.requireSymbols()),
                "historySize", n(p.historySize()))));
        item.put("lockout", AttributeValue.fromM(Map.of(
                "maxFailedAttempts", n(settings.lockout().maxFailedAttempts()),
                "lockMinutes", n(settings.lockout().lockMinutes()))));
        item.put("mfa", AttributeValue.fromM(mfa));
        item.put("hipaaMode", bool(settings.hipaaMode()));
        item.put("sessionTimeoutMinutes", n(settings.sessionTimeoutMinutes()));
        item.put("bookingFeePercent", n(settings.bookingFeePercent()));
        item.put("disputeObjectionHours", n(settings.disputeObjectionHours()));
        item.put("unclaimedEscrowHours", n(settings.unclaimedEscrowHours()));
        item.put("retentionBookingsDays", n(settings.retentionBookingsDays()));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? Map.of() : value.m();
    }

    private static int integer(Map<String, AttributeValue> item, String name, int absent) {
        return item.containsKey(name) ? Attributes.intValue(item, name) : absent;
    }

    private static boolean flag(Map<String, AttributeValue> item, String name, boolean absent) {
        return item.containsKey(name) ? Attributes.boolValue(item, name) : absent;
    }
}
