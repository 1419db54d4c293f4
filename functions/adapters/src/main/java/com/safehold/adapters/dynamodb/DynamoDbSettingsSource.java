package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import com.safehold.domain.settings.LockoutPolicy;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.settings.SettingsSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Platform settings (SPEC 4.2) in the {@code settings} table, item {@code settingsId = "platform"}, stored as
 * the API's document so the item reads like it in the console: nested maps {@code passwordPolicy},
 * {@code lockout}, {@code mfa} (group name to {@code OPTIONAL|REQUIRED}) and {@code retention}
 * ({@code bookingsDays}), numbers as {@code N}, flags as {@code BOOL}; plus {@code version} (N, 1 after the
 * first save, +1 per save) and {@code updatedAt} (N, epoch milliseconds).
 *
 * <h2>Reading</h2>
 * One consistent {@code GetItem} per call; request paths read through {@code CachedSettingsSource}.
 * <ul>
 *   <li>No item: {@link PlatformSettings#DEFAULTS}, version 0.</li>
 *   <li>An item written by an older version (the first one stored only {@code bookingFeePercent}, and no
 *       {@code version}): the spec's default for every attribute, nested attribute or role it lacks, version
 *       0. Attributes this version does not know (and roles in {@code mfa} it does not know) are ignored, so
 *       functions still on the previous release keep working while a newer one rolls out.</li>
 *   <li>An item that is present but wrong — an attribute of the wrong type, a number that is not a whole
 *       {@code int}, an unknown MFA value, or values {@link PlatformSettings} refuses (someone edited the
 *       table by hand) — throws {@link IllegalStateException} naming the attribute paths (never values; the
 *       settings hold no personal data anyway). <b>Deliberately no fallback to the defaults:</b> they would
 *       quietly switch off HIPAA mode, loosen MFA or change the booking fee an admin chose, and nobody would
 *       notice. Failing loudly turns every request that needs the settings into a 500 with
 *       {@code internal_error} (a server fault, not the caller's 400) and an error log, so the operator sees it
 *       at once. The repair: fix or delete the item, or replace it with {@link #save(PlatformSettings, long,
 *       Instant)} using {@link #version()}, which reads the version without decoding the settings.</li>
 * </ul>
 *
 * <h2>Writing</h2>
 * {@link #save(PlatformSettings, long, Instant)} replaces the whole item (a conditional {@code PutItem}, so no
 * attribute of an older or hand-edited item survives) only if the stored version is still the one the admin
 * read: two concurrent admin PUTs cannot silently interleave, the second gets a
 * {@link ConcurrentModificationException}.
 */
public final class DynamoDbSettingsSource implements SettingsSource {

    static final String PLATFORM = "platform";
    static final String VERSION = "version";
    static final String UPDATED_AT = "updatedAt";

    /** How often {@link #save(PlatformSettings)} retries when another writer got in between. */
    private static final int LAST_WRITER_WINS_ATTEMPTS = 5;

    /**
     * Stored settings with the version to pass back to {@link #save(PlatformSettings, long, Instant)}.
     *
     * @param version   0 while no item exists or the item predates versioning, then 1, 2, ...
     * @param updatedAt when the settings were last saved; empty while none were saved by this version
     */
    public record Versioned<T>(T value, long version, Optional<Instant> updatedAt) {
        public Versioned {
            Objects.requireNonNull(value);
            Objects.requireNonNull(updatedAt);
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbSettingsSource(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    /** The settings in force: one {@code GetItem}. */
    @Override
    public PlatformSettings current() {
        return read().value();
    }

    /**
     * The settings with their version and time of the last save: one {@code GetItem}.
     *
     * @throws IllegalStateException if the stored item is not valid settings (see the class comment)
     */
    public Versioned<PlatformSettings> read() {
        Map<String, AttributeValue> item = getItem(false);
        if (item == null || item.isEmpty()) {
            return new Versioned<>(PlatformSettings.DEFAULTS, 0, Optional.empty());
        }
        long version = version(item);
        Optional<Instant> updatedAt = item.containsKey(UPDATED_AT)
                ? Optional.of(Instant.ofEpochMilli(number(item, UPDATED_AT))) : Optional.empty();
        return new Versioned<>(decode(item), version, updatedAt);
    }

    /**
     * The stored version alone, without decoding the settings, so an item that no longer validates can still
     * be replaced through {@link #save(PlatformSettings, long, Instant)}. 0 when there is no item or it predates
     * versioning.
     */
    public long version() {
        Map<String, AttributeValue> item = getItem(true);
        return item == null || item.isEmpty() ? 0 : version(item);
    }

    /**
     * Replaces the whole stored document if its version is still {@code expectedVersion}.
     *
     * @param expectedVersion the version read before (0 for no item, or an item that predates versioning)
     * @param at              the time of the change, stored as {@code updatedAt} in epoch milliseconds
     * @return the new version, {@code expectedVersion + 1}
     * @throws ConcurrentModificationException if the settings were saved by someone else since
     */
    public long save(PlatformSettings settings, long expectedVersion, Instant at) {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(at);
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("a settings version is never negative");
        }
        long next = Math.addExact(expectedVersion, 1);
        Map<String, AttributeValue> item = encode(settings);
        item.put(VERSION, n(next));
        item.put(UPDATED_AT, n(at.toEpochMilli()));
        try {
            dynamoDb.putItem(r -> {
                r.tableName(table).item(item).expressionAttributeNames(Map.of("#v", VERSION));
                if (expectedVersion == 0) {
                    r.conditionExpression("attribute_not_exists(#v)");
                } else {
                    r.conditionExpression("#v = :expected")
                            .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
                }
            });
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentModificationException(
                    "the platform settings changed since version " + expectedVersion + " was read", e);
        }
        return next;
    }

    /**
     * Replaces the stored settings whatever version is stored (the last writer wins), still raising the
     * version so that a concurrent {@link #save(PlatformSettings, long, Instant)} notices. For tests and
     * seeding; the admin route uses the versioned save. {@code updatedAt} is the system time.
     */
    public void save(PlatformSettings settings) {
        for (int attempt = 1; ; attempt++) {
            try {
                save(settings, version(), Instant.now());
                return;
            } catch (ConcurrentModificationException e) {
                if (attempt == LAST_WRITER_WINS_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Map<String, AttributeValue> getItem(boolean versionOnly) {
        return dynamoDb.getItem(r -> {
            r.tableName(table).consistentRead(true).key(Map.of("settingsId", s(PLATFORM)));
            if (versionOnly) {
                r.projectionExpression("#v").expressionAttributeNames(Map.of("#v", VERSION));
            }
        }).item();
    }

    private static Map<String, AttributeValue> encode(PlatformSettings settings) {
        PasswordPolicy p = settings.passwordPolicy();
        Map<String, AttributeValue> password = new HashMap<>();
        password.put("minLength", n(p.minLength()));
        password.put("requireUppercase", bool(p.requireUppercase()));
        password.put("requireLowercase", bool(p.requireLowercase()));
        password.put("requireDigits", bool(p.requireDigits()));
        password.put("requireSymbols", bool(p.requireSymbols()));
        password.put("historySize", n(p.historySize()));
        Map<String, AttributeValue> mfa = new HashMap<>();
        settings.mfa().forEach((role, requirement) -> mfa.put(role.groupName(), s(requirement.name())));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("settingsId", s(PLATFORM));
        item.put("passwordPolicy", AttributeValue.fromM(password));
        item.put("lockout", AttributeValue.fromM(Map.of(
                "maxFailedAttempts", n(settings.lockout().maxFailedAttempts()),
                "lockMinutes", n(settings.lockout().lockMinutes()))));
        item.put("mfa", AttributeValue.fromM(mfa));
        item.put("hipaaMode", bool(settings.hipaaMode()));
        item.put("sessionTimeoutMinutes", n(settings.sessionTimeoutMinutes()));
        item.put("bookingFeePercent", n(settings.bookingFeePercent()));
        item.put("disputeObjectionHours", n(settings.disputeObjectionHours()));
        item.put("unclaimedEscrowHours", n(settings.unclaimedEscrowHours()));
        item.put("retention", AttributeValue.fromM(Map.of("bookingsDays", n(settings.retentionBookingsDays()))));
        return item;
    }

    /** Every absent part takes its default; every present part must be right, or the whole item is refused. */
    private static PlatformSettings decode(Map<String, AttributeValue> item) {
        Reader in = new Reader();
        PlatformSettings d = PlatformSettings.DEFAULTS;
        PasswordPolicy dp = d.passwordPolicy();
        Map<String, AttributeValue> password = in.map(item, "passwordPolicy");
        Map<String, AttributeValue> lockout = in.map(item, "lockout");
        Map<String, AttributeValue> mfa = in.map(item, "mfa");
        Map<String, AttributeValue> retention = in.map(item, "retention");
        Map<Role, MfaRequirement> requirements = new EnumMap<>(d.mfa());
        for (Role role : Role.values()) {
            MfaRequirement requirement = in.requirement(mfa, "mfa." + role.groupName(), role.groupName());
            if (requirement != null) {
                requirements.put(role, requirement);
            }
        }
        PasswordPolicy passwordPolicy = new PasswordPolicy(
                in.integer(password, "passwordPolicy.minLength", dp.minLength()),
                in.flag(password, "passwordPolicy.requireUppercase", dp.requireUppercase()),
                in.flag(password, "passwordPolicy.requireLowercase", dp.requireLowercase()),
                in.flag(password, "passwordPolicy.requireDigits", dp.requireDigits()),
                in.flag(password, "passwordPolicy.requireSymbols", dp.requireSymbols()),
                in.integer(password, "passwordPolicy.historySize", dp.historySize()));
        LockoutPolicy lockoutPolicy = new LockoutPolicy(
                in.integer(lockout, "lockout.maxFailedAttempts", d.lockout().maxFailedAttempts()),
                in.integer(lockout, "lockout.lockMinutes", d.lockout().lockMinutes()));
        boolean hipaa = in.flag(item, "hipaaMode", d.hipaaMode());
        int timeout = in.integer(item, "sessionTimeoutMinutes", d.sessionTimeoutMinutes());
        int fee = in.integer(item, "bookingFeePercent", d.bookingFeePercent());
        int objection = in.integer(item, "disputeObjectionHours", d.disputeObjectionHours());
        int unclaimed = in.integer(item, "unclaimedEscrowHours", d.unclaimedEscrowHours());
        int days = in.integer(retention, "retention.bookingsDays", d.retentionBookingsDays());
        if (!in.wrong.isEmpty()) {
            throw invalid(String.join("; ", in.wrong.values()));
        }
        try {
            return new PlatformSettings(passwordPolicy, lockoutPolicy, requirements, hipaa, timeout, fee, objection,
                    unclaimed, days);
        } catch (ValidationException e) {
            // Not chained: a ValidationException means "the caller's input" (400), this is the server's fault.
            throw invalid(e.violations().stream().map(Violation::detail).collect(Collectors.joining("; ")));
        }
    }

    private static IllegalStateException invalid(String what) {
        return new IllegalStateException("the stored platform settings (table item settingsId=" + PLATFORM
                + ") are invalid and were not applied; fix or replace the item: " + what);
    }

    private static long version(Map<String, AttributeValue> item) {
        if (!item.containsKey(VERSION)) {
            return 0;
        }
        long version = number(item, VERSION);
        if (version < 1) {
            throw invalid(VERSION + " must be a whole number from 1");
        }
        return version;
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        try {
            return new BigDecimal(Objects.requireNonNull(value.n())).longValueExact();
        } catch (RuntimeException e) {
            throw invalid(name + " must be a whole number (N)");
        }
    }

    /** Reads leniently about absence and strictly about everything present, collecting what is wrong. */
    private static final class Reader {

        /** Path to what it must be, in reading order. */
        final Map<String, String> wrong = new LinkedHashMap<>();

        Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
            AttributeValue value = item.get(name);
            if (value == null) {
                return Map.of();
            }
            if (!value.hasM()) {
                wrong.put(name, name + " must be a map");
                return Map.of();
            }
            return value.m();
        }

        int integer(Map<String, AttributeValue> item, String path, int absent) {
            AttributeValue value = item.get(leaf(path));
            if (value == null) {
                return absent;
            }
            try {
                return new BigDecimal(Objects.requireNonNull(value.n())).intValueExact();
            } catch (RuntimeException e) {
                wrong.put(path, path + " must be a whole number (N)");
                return absent;
            }
        }

        boolean flag(Map<String, AttributeValue> item, String path, boolean absent) {
            AttributeValue value = item.get(leaf(path));
            if (value == null) {
                return absent;
            }
            if (value.bool() == null) {
                wrong.put(path, path + " must be true or false (BOOL)");
                return absent;
            }
            return value.bool();
        }

        MfaRequirement requirement(Map<String, AttributeValue> mfa, String path, String group) {
            AttributeValue value = mfa.get(group);
            if (value == null) {
                return null;
            }
            for (MfaRequirement requirement : MfaRequirement.values()) {
                if (requirement.name().equals(value.s())) {
                    return requirement;
                }
            }
            wrong.put(path, path + " must be OPTIONAL or REQUIRED (S)");
            return null;
        }

        private static String leaf(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }
}
