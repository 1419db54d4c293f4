package com.safehold.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

    @Test
    void invalidSettings_nameEveryWrongField() {
        assertThatThrownBy(() -> new PlatformSettings(new PasswordPolicy(4, true, true, true, true, 25),
                new LockoutPolicy(0, 0), Map.of(Role.CUSTOMER, MfaRequirement.OPTIONAL), false, 1, 51, 0, 0, 0))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(Violation::field)
                        .containsExactly("passwordPolicy.minLength", "passwordPolicy.historySize",
                                "lockout.maxFailedAttempts", "lockout.lockMinutes", "mfa.provider", "mfa.merchant",
                                "mfa.admin", "mfa.support", "sessionTimeoutMinutes", "bookingFeePercent",
                                "disputeObjectionHours", "unclaimedEscrowHours", "retention.bookingsDays"));
    }

    @Test
    void hipaaMode_forcesMfaForEveryRole_andCapsTheSessionTimeoutAt15Minutes() {
        PlatformSettings hipaa = PlatformSettings.DEFAULTS.withHipaaMode(true);
        for (Role role : Role.values()) {
            assertThat(hipaa.mfaRequired(role)).as(role.name()).isTrue();
        }
        assertThat(hipaa.effectiveSessionTimeoutMinutes()).isEqualTo(15);
        assertThat(PlatformSettings.DEFAULTS.effectiveSessionTimeoutMinutes()).isEqualTo(60);
        assertThat(PlatformSettings.DEFAULTS.withMfa(Role.CUSTOMER, MfaRequirement.REQUIRED).mfaRequired(Role.CUSTOMER))
                .isTrue();
    }

    @Test
    void theCache_servesForItsTtlByThePlatformClock_thenReloads_andReloadsWhenTimeGoesBack() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T14:00:00Z"));
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<PlatformSettings> stored = new AtomicReference<>(PlatformSettings.DEFAULTS);
        CachedSettingsSource cache = new CachedSettingsSource(() -> {
            loads.incrementAndGet();
            return stored.get();
        }, now::get, Duration.ofSeconds(30));

        assertThat(cache.current()).isEqualTo(PlatformSettings.DEFAULTS);
        stored.set(PlatformSettings.DEFAULTS.withBookingFeePercent(20));
        now.set(now.get().plusSeconds(29));
        assertThat(cache.current().bookingFeePercent()).isEqualTo(10);
        assertThat(loads).hasValue(1);
        now.set(now.get().plusSeconds(1));
        assertThat(cache.current().bookingFeePercent()).isEqualTo(20);
        assertThat(loads).hasValue(2);
        now.set(now.get().minusSeconds(5));
        cache.current();
        assertThat(loads).hasValue(3);
    }
}
