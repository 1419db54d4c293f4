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

    /**
     * The PUT body as settings. Every section is read even when another is missing or mistyped, so one 400
     * lists every wrong field (and a missing section does not make its siblings' fields look unknown).
     *
     * @throws com.safehold.domain.common.ValidationException (400, {@code errors[].field} the JSON path) for a
     *         missing, mistyped, unknown or out-of-range field; from the parser for the shape, from
     *         {@link PlatformSettings} for the ranges
     */
    static PlatformSettings parse(JsonFields body) {
        JsonFields password = body.object("passwordPolicy");
        Integer minLength = password == null ? null : password.smallInteger("minLength");
        Boolean upper = password == null ? null : password.bool("requireUppercase");
        Boolean lower = password == null ? null : password.bool("requireLowercase");
        Boolean digits = password == null ? null : password.bool("requireDigits");
        Boolean symbols = password == null ? null : password.bool("requireSymbols");
        Integer history = password == null ? null : password.smallInteger("historySize");
        JsonFields lockout = body.object("lockout");
        Integer attempts = lockout == null ? null : lockout.smallInteger("maxFailedAttempts");
        Integer lockMinutes = lockout == null ? null : lockout.smallInteger("lockMinutes");
        JsonFields mfa = body.object("mfa");
        Map<Role, MfaRequirement> requirements = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            MfaRequirement requirement = mfa == null ? null : role == Role.SUPPORT
                    ? mfa.optionalEnumValue(role.groupName(), MfaRequirement.class)
                    : mfa.enumValue(role.groupName(), MfaRequirement.class);
            requirements.put(role, requirement == null ? MfaRequirement.REQUIRED : requirement);
        }
        Boolean hipaa = body.bool("hipaaMode");
        Integer timeout = body.smallInteger("sessionTimeoutMinutes");
        Integer fee = body.smallInteger("bookingFeePercent");
        Integer objection = body.smallInteger("disputeObjectionHours");
        Integer unclaimed = body.smallInteger("unclaimedEscrowHours");
        JsonFields retention = body.object("retention");
        Integer days = retention == null ? null : retention.smallInteger("bookingsDays");
        body.finish(); // 400 listing every missing, mistyped or unknown field; after it nothing above is null
        return new PlatformSettings( // 400 listing every value out of range
                new PasswordPolicy(minLength, upper, lower, digits, symbols, history),
                new LockoutPolicy(attempts, lockMinutes),
                requirements, hipaa, timeout, fee, objection, unclaimed, days);
    }

    /**
     * The GET (and PUT) answer: the SPEC 4.2 document in the spec's field order, with {@code mfa.support}
     * after the spec's four roles, plus {@code effective}: what is in force given HIPAA mode
     * ({@code mfaRequired} per role, {@code sessionTimeoutMinutes}). {@code effective} is read-only: a PUT
     * that sends it back is refused as an unknown field rather than silently ignored.
     */
    static Map<String, Object> render(PlatformSettings s) {
        PasswordPolicy p = s.passwordPolicy();
        Map<String, Object> password = new LinkedHashMap<>();
        password.put("minLength", p.minLength());
        password.put("requireUppercase", p.requireUppercase());
        password.put("requireLowercase", p.requireLowercase());
        password.put("requireDigits", p.requireDigits());
        password.put("requireSymbols", p.requireSymbols());
        password.put("historySize", p.historySize());
        Map<String, Object> lockout = new LinkedHashMap<>();
        lockout.put("maxFailedAttempts", s.lockout().maxFailedAttempts());
        lockout.put("lockMinutes", s.lockout().lockMinutes());
        Map<String, Object> mfa = new LinkedHashMap<>();
        Map<String, Object> mfaRequired = new LinkedHashMap<>();
        for (Role role : Role.values()) { // customer, provider, merchant, admin as in the spec, then support
            mfa.put(role.groupName(), s.mfa().get(role).name());
            mfaRequired.put(role.groupName(), s.mfaRequired(role));
        }
        Map<String, Object> retention = new LinkedHashMap<>();
        retention.put("bookingsDays", s.retentionBookingsDays());
        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("mfaRequired", mfaRequired);
        effective.put("sessionTimeoutMinutes", s.effectiveSessionTimeoutMinutes());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passwordPolicy", password);
        out.put("lockout", lockout);
        out.put("mfa", mfa);
        out.put("hipaaMode", s.hipaaMode());
        out.put("sessionTimeoutMinutes", s.sessionTimeoutMinutes());
        out.put("bookingFeePercent", s.bookingFeePercent());
        out.put("disputeObjectionHours", s.disputeObjectionHours());
        out.put("unclaimedEscrowHours", s.unclaimedEscrowHours());
        out.put("retention", retention);
        out.put("effective", effective);
        return out;
    }
}
