package com.safehold.auth;

import com.safehold.api.JsonFields;
import com.safehold.domain.common.Role;
import com.safehold.domain.settings.LockoutPolicy;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings document of {@code GET|PUT /v1/admin/settings} (SPEC 4.2). PUT replaces the whole document:
 * every field is required except {@code mfa.support} (default REQUIRED, the spec's document has no support
 * entry). Types are checked by the request parser, ranges by {@link PlatformSettings}; both answer 400 with
 * the path of each wrong field.
 */
final class SettingsJson {

    private SettingsJson() {}

    static PlatformSettings parse(JsonFields body) {
        JsonFields password = body.object("passwordPolicy");
        JsonFields lockout = body.object("lockout");
        JsonFields mfa = body.object("mfa");
        JsonFields retention = body.object("retention");
        if (password == null || lockout == null || mfa == null || retention == null) {
            body.finish(); // a section is missing or not an object: 400 naming it
        }
        Integer minLength = password.smallInteger("minLength");
        Boolean upper = password.bool("requireUppercase");
        Boolean lower = password.bool("requireLowercase");
        Boolean digits = password.bool("requireDigits");
        Boolean symbols = password.bool("requireSymbols");
        Integer history = password.smallInteger("historySize");
        Integer attempts = lockout.smallInteger("maxFailedAttempts");
        Integer lockMinutes = lockout.smallInteger("lockMinutes");
        Map<Role, MfaRequirement> requirements = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            MfaRequirement requirement = role == Role.SUPPORT
                    ? mfa.optionalEnumValue(role.groupName(), MfaRequirement.class)
                    : mfa.enumValue(role.groupName(), MfaRequirement.class);
            requirements.put(role, requirement == null ? MfaRequirement.REQUIRED : requirement);
        }
        Boolean hipaa = body.bool("hipaaMode");
        Integer timeout = body.smallInteger("sessionTimeoutMinutes");
        Integer fee = body.smallInteger("bookingFeePercent");
        Integer objection = body.smallInteger("disputeObjectionHours");
        Integer unclaimed = body.smallInteger("unclaimedEscrowHours");
        Integer days = retention.smallInteger("bookingsDays");
        body.finish(); // 400 listing every missing, mistyped or unknown field
        return new PlatformSettings(
                new PasswordPolicy(minLength, upper, lower, digits, symbols, history),
                new LockoutPolicy(attempts, lockMinutes),
                requirements, hipaa, timeout, fee, objection, unclaimed, days);
    }

    static Map<String, Object> render(PlatformSettings s) {
        PasswordPolicy p = s.passwordPolicy();
        Map<String, Object> password = new LinkedHashMap<>();
        password.put("minLength", p.minLength());
        password.put("requireUppercase", p.requireUppercase());
        password.put("requireLowercase", p.requireLowercase());
        password.put("requireDigits", p.requireDigits());
        password.put("requireSymbols", p.requireSymbols());
        password.put("historySize", p.historySize());
        Map<String, Object> mfa = new LinkedHashMap<>();
        Map<String, Object> mfaRequired = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            mfa.put(role.groupName(), s.mfa().get(role).name());
            mfaRequired.put(role.groupName(), s.mfaRequired(role));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passwordPolicy", password);
        out.put("lockout", Map.of("maxFailedAttempts", s.lockout().maxFailedAttempts(),
                "lockMinutes", s.lockout().lockMinutes()));
        out.put("mfa", mfa);
        out.put("hipaaMode", s.hipaaMode());
        out.put("sessionTimeoutMinutes", s.sessionTimeoutMinutes());
        out.put("bookingFeePercent", s.bookingFeePercent());
        out.put("disputeObjectionHours", s.disputeObjectionHours());
        out.put("unclaimedEscrowHours", s.unclaimedEscrowHours());
        out.put("retention", Map.of("bookingsDays", s.retentionBookingsDays()));
        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("mfaRequired", mfaRequired);
        effective.put("sessionTimeoutMinutes", s.effectiveSessionTimeoutMinutes());
        out.put("effective", effective);
        return out;
    }
}
