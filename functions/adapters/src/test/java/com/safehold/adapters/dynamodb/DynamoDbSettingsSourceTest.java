package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.settings.LockoutPolicy;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tests own a whole table, created for this run with the catalog's schema: never the catalog's
 * {@code settings} table, which on a deployed stack holds the platform's settings. The settings are one item
 * under a fixed key, so each test starts by removing it.
 */
@ContractTest
class DynamoDbSettingsSourceTest {

    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00.123Z");

    /** Every field differs from the defaults (checked below), including every role's MFA requirement. */
    static final PlatformSettings CHANGED = new PlatformSettings(new PasswordPolicy(20, false, false, false, false, 0),
            new LockoutPolicy(7, 42), Map.of(Role.CUSTOMER, MfaRequirement.REQUIRED, Role.PROVIDER,
            MfaRequirement.OPTIONAL, Role.MERCHANT, MfaRequirement.OPTIONAL, Role.ADMIN, MfaRequirement.OPTIONAL,
            Role.SUPPORT, MfaRequirement.OPTIONAL), true, 30, 12, 24, 96, 30);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbSettingsSource source;

    DynamoDbSettingsSourceTest(ContractTarget target) {
        dynamoDb = target.dynamoDb();
        table = target.scratchTable(Tables.SETTINGS, "settings");
        source = new DynamoDbSettingsSource(dynamoDb, table);
        dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("settingsId", AttributeValue.fromS("platform"))));
    }

    private void putRaw(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("settingsId", AttributeValue.fromS("platform"));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    private Map<String, AttributeValue> raw() {
        return dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("settingsId", AttributeValue.fromS("platform")))).item();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    @Test
    void withoutAStoredItem_theSpecDefaultsApply_atVersion0() {
        assertThat(source.current()).isEqualTo(PlatformSettings.DEFAULTS);
        assertThat(source.read()).isEqualTo(new DynamoDbSettingsSource.Versioned<>(PlatformSettings.DEFAULTS, 0,
                Optional.empty()));
        assertThat(source.version()).isZero();
    }

    @Test
    void everyField_survivesTheRoundTrip_asNestedAttributes() throws Exception {
        for (RecordComponent field : PlatformSettings.class.getRecordComponents()) {
            assertThat(field.getAccessor().invoke(CHANGED)).as(field.getName())
                    .isNotEqualTo(field.getAccessor().invoke(PlatformSettings.DEFAULTS));
        }
        for (RecordComponent field : PasswordPolicy.class.getRecordComponents()) {
            assertThat(field.getAccessor().invoke(CHANGED.passwordPolicy())).as(field.getName())
                    .isNotEqualTo(field.getAccessor().invoke(PasswordPolicy.DEFAULTS));
        }
        for (Role role : Role.values()) {
            assertThat(CHANGED.mfa().get(role)).as(role.name()).isNotEqualTo(PlatformSettings.DEFAULTS.mfa().get(role));
        }

        assertThat(source.save(CHANGED, 0, T0)).isEqualTo(1);

        assertThat(source.current()).isEqualTo(CHANGED);
        assertThat(source.read()).isEqualTo(new DynamoDbSettingsSource.Versioned<>(CHANGED, 1, Optional.of(T0)));
        Map<String, AttributeValue> item = raw();
        assertThat(item.get("passwordPolicy").m().get("minLength")).isEqualTo(n(20));
        assertThat(item.get("passwordPolicy").m().get("requireSymbols")).isEqualTo(AttributeValue.fromBool(false));
        assertThat(item.get("lockout").m()).isEqualTo(Map.of("maxFailedAttempts", n(7), "lockMinutes", n(42)));
        assertThat(item.get("mfa").m()).containsEntry("customer", AttributeValue.fromS("REQUIRED"))
                .containsEntry("support", AttributeValue.fromS("OPTIONAL")).hasSize(5);
        assertThat(item.get("hipaaMode")).isEqualTo(AttributeValue.fromBool(true));
        assertThat(item.get("bookingFeePercent")).isEqualTo(n(12));
        assertThat(item.get("retention").m()).isEqualTo(Map.of("bookingsDays", n(30)));
        assertThat(item.get("version")).isEqualTo(n(1));
        assertThat(item.get("updatedAt")).isEqualTo(n(T0.toEpochMilli()));
    }

    @Test
    void anItemOfTheFirstVersion_keepsItsBookingFee_defaultsEverythingElse_andCanBeReplacedFromVersion0() {
        putRaw(Map.of("bookingFeePercent", n(15)));

        assertThat(source.current()).isEqualTo(PlatformSettings.DEFAULTS.withBookingFeePercent(15));
        assertThat(source.read().version()).isZero();
        assertThat(source.read().updatedAt()).isEmpty();

        assertThat(source.save(CHANGED, 0, T0)).isEqualTo(1);
        assertThat(source.read().value()).isEqualTo(CHANGED);
    }

    @Test
    void partlyWrittenSections_defaultWhatTheyLack_andUnknownAttributesAreIgnored() {
        putRaw(Map.of(
                "passwordPolicy", AttributeValue.fromM(Map.of("minLength", n(16))),
                "mfa", AttributeValue.fromM(Map.of("customer", AttributeValue.fromS("REQUIRED"),
                        "auditor", AttributeValue.fromS("SOMEDAY"))),
                "retention", AttributeValue.fromM(Map.of()),
                "addedByANewerRelease", AttributeValue.fromS("anything")));

        assertThat(source.current()).isEqualTo(PlatformSettings.DEFAULTS
                .withPasswordPolicy(new PasswordPolicy(16, true, true, true, true, 5))
                .withMfa(Role.CUSTOMER, MfaRequirement.REQUIRED));
    }

    @Test
    void aSaveFromAStaleVersion_isRefused_andChangesNothing() {
        PlatformSettings first = PlatformSettings.DEFAULTS.withBookingFeePercent(11);
        PlatformSettings second = PlatformSettings.DEFAULTS.withBookingFeePercent(12);
        assertThat(source.save(first, 0, T0)).isEqualTo(1);
        assertThat(source.save(second, 1, T0.plusSeconds(1))).isEqualTo(2);

        assertThatThrownBy(() -> source.save(CHANGED, 1, T0.plusSeconds(2)))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> source.save(CHANGED, 0, T0.plusSeconds(2)))
                .as("version 0 means 'nothing saved yet'").isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> source.save(CHANGED, 7, T0.plusSeconds(2)))
                .isInstanceOf(ConcurrentModificationException.class);

        assertThat(source.read()).isEqualTo(new DynamoDbSettingsSource.Versioned<>(second, 2,
                Optional.of(T0.plusSeconds(1))));
    }

    @Test
    void concurrentSaves_fromTheSameVersion_exactlyOneWins() throws Exception {
        source.save(PlatformSettings.DEFAULTS, 0, T0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PlatformSettings mine = PlatformSettings.DEFAULTS.withBookingFeePercent(20 + i);
            results.add(pool.submit(() -> {
                go.await();
                return source.save(mine, 1, T0.plusSeconds(1));
            }));
        }
        go.countDown();
        int won = 0;
        int refused = 0;
        for (Future<Long> result : results) {
            try {
                assertThat(result.get()).isEqualTo(2);
                won++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ConcurrentModificationException.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(refused).isEqualTo(7);
        assertThat(source.read().version()).isEqualTo(2);
        assertThat(source.current().bookingFeePercent()).isBetween(20, 27);
    }

    @Test
    void theUnversionedSave_lastWriterWins_butStillBumpsTheVersion() {
        source.save(PlatformSettings.DEFAULTS.withBookingFeePercent(15));
        assertThat(source.current().bookingFeePercent()).isEqualTo(15);
        assertThat(source.read().version()).isEqualTo(1);
        source.save(PlatformSettings.DEFAULTS);
        assertThat(source.read().version()).isEqualTo(2);
        assertThat(source.current()).isEqualTo(PlatformSettings.DEFAULTS);

        assertThatThrownBy(() -> source.save(CHANGED, 1, T0)).as("an admin who read version 1 must notice")
                .isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void anItemEditedByHandIntoInvalidSettings_isRefusedLoudly_notReplacedByDefaults() {
        putRaw(Map.of("version", n(3), "updatedAt", n(T0.toEpochMilli()),
                "lockout", AttributeValue.fromM(Map.of("maxFailedAttempts", n(0), "lockMinutes", n(15))),
                "bookingFeePercent", n(80)));

        assertThatThrownBy(source::current).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(DomainException.class) // a server fault (500), never the caller's 400
                .hasNoCause()
                .hasMessageContaining("lockout.maxFailedAttempts").hasMessageContaining("bookingFeePercent");
        assertThatThrownBy(source::read).isInstanceOf(IllegalStateException.class);

        // The way out: the version can be read without decoding the settings, and a save replaces the item.
        assertThat(source.version()).isEqualTo(3);
        assertThat(source.save(CHANGED, source.version(), T0.plusSeconds(60))).isEqualTo(4);
        assertThat(source.current()).isEqualTo(CHANGED);
    }

    @Test
    void attributesOfTheWrongType_areRefused_namingEachPath() {
        putRaw(Map.of(
                "hipaaMode", AttributeValue.fromS("false"),
                "bookingFeePercent", AttributeValue.fromN("12.5"),
                "sessionTimeoutMinutes", AttributeValue.fromN("99999999999"),
                "lockout", AttributeValue.fromS("5/15"),
                "passwordPolicy", AttributeValue.fromM(Map.of("requireDigits", n(1))),
                "mfa", AttributeValue.fromM(Map.of("provider", AttributeValue.fromS("required")))));

        assertThatThrownBy(source::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hipaaMode").hasMessageContaining("bookingFeePercent")
                .hasMessageContaining("sessionTimeoutMinutes").hasMessageContaining("lockout must be a map")
                .hasMessageContaining("passwordPolicy.requireDigits").hasMessageContaining("mfa.provider");
    }

    @Test
    void aWholeNumberWrittenWithADecimalPoint_isStillThatNumber() {
        putRaw(Map.of("bookingFeePercent", AttributeValue.fromN("15.0")));
        assertThat(source.current().bookingFeePercent()).isEqualTo(15);
    }
}
