package com.safehold.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import java.util.Map;
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
}
