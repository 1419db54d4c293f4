package com.safehold.domain.settings;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.Violations;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The platform settings (SPEC 4.2). The defaults are the spec's; an admin changes them at run time with
 * {@code PUT /v1/admin/settings}, and handlers pick them up within a minute ({@link CachedSettingsSource}).
 * Only ever built valid: {@link #validate()} runs in the constructor and reports every wrong field at once.
 *
 * @param mfa                   the MFA requirement of every role (all five roles present)
 * @param hipaaMode             health-care-grade strict mode, see {@link #mfaRequired} and
 *                              {@link #effectiveSessionTimeoutMinutes}
 * @param sessionTimeoutMinutes inactivity after which a session can no longer refresh, and the maximum age of
 *                              an access token the handlers accept
 */
public record PlatformSettings(
        PasswordPolicy passwordPolicy,
        LockoutPolicy lockout,
        Map<Role, MfaRequirement> mfa,
        boolean hipaaMode,
        int sessionTimeoutMinutes,
        int bookingFeePercent,
        int disputeObjectionHours,
        int unclaimedEscrowHours,
        int retentionBookingsDays) {

    /** HIPAA mode caps the session timeout at this (SPEC 4.2). */
    public static final int HIPAA_SESSION_TIMEOUT_MINUTES = 15;
    public static final int MIN_SESSION_TIMEOUT_MINUTES = 5;
    public static final int MAX_SESSION_TIMEOUT_MINUTES = 24 * 60;
    public static final int MAX_BOOKING_FEE_PERCENT = 50;
    public static final int MAX_DISPUTE_OBJECTION_HOURS = 30 * 24;
    public static final int MAX_UNCLAIMED_ESCROW_HOURS = 90 * 24;
    public static final int MIN_RETENTION_DAYS = 1;
    public static final int MAX_RETENTION_DAYS = 10 * 366;

    public static final PlatformSettings DEFAULTS = new PlatformSettings(
            PasswordPolicy.DEFAULTS,
            LockoutPolicy.DEFAULTS,
            defaultMfa(),
            false,
            60,
            10,
            48,
            72,
            365);

    public PlatformSettings {
        Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        Objects.requireNonNull(lockout, "lockout");
        mfa = Map.copyOf(mfa);
        validate(passwordPolicy, lockout, mfa, sessionTimeoutMinutes, bookingFeePercent, disputeObjectionHours,
                unclaimedEscrowHours, retentionBookingsDays);
    }

    /** Whether a user of this role must have enrolled a second factor before getting tokens. */
    public boolean mfaRequired(Role role) {
        return hipaaMode || mfa.get(role) == MfaRequirement.REQUIRED;
    }

    /** The session timeout in force: HIPAA mode caps it at {@value #HIPAA_SESSION_TIMEOUT_MINUTES} minutes. */
    public int effectiveSessionTimeoutMinutes() {
        return hipaaMode ? Math.min(sessionTimeoutMinutes, HIPAA_SESSION_TIMEOUT_MINUTES) : sessionTimeoutMinutes;
    }

    /** A copy with another booking fee (tests, and the offers slice's fee previews). */
    public PlatformSettings withBookingFeePercent(int percent) {
        return new PlatformSettings(passwordPolicy, lockout, mfa, hipaaMode, sessionTimeoutMinutes, percent,
                disputeObjectionHours, unclaimedEscrowHours, retentionBookingsDays);
    }

    public PlatformSettings withHipaaMode(boolean on) {
        return new PlatformSettings(passwordPolicy, lockout, mfa, on, sessionTimeoutMinutes, bookingFeePercent,
                disputeObjectionHours, unclaimedEscrowHours, retentionBookingsDays);
    }

    public PlatformSettings withLockout(LockoutPolicy policy) {
        return new PlatformSettings(passwordPolicy, policy, mfa, hipaaMode, sessionTimeoutMinutes, bookingFeePercent,
                disputeObjectionHours, unclaimedEscrowHours, retentionBookingsDays);
    }

    public PlatformSettings withPasswordPolicy(PasswordPolicy policy) {
        return new PlatformSettings(policy, lockout, mfa, hipaaMode, sessionTimeoutMinutes, bookingFeePercent,
                disputeObjectionHours, unclaimedEscrowHours, retentionBookingsDays);
    }

    public PlatformSettings withMfa(Role role, MfaRequirement requirement) {
        Map<Role, MfaRequirement> changed = new EnumMap<>(mfa);
        changed.put(role, requirement);
        return new PlatformSettings(passwordPolicy, lockout, changed, hipaaMode, sessionTimeoutMinutes,
                bookingFeePercent, disputeObjectionHours, unclaimedEscrowHours, retentionBookingsDays);
    }

    private static Map<Role, MfaRequirement> defaultMfa() {
        Map<Role, MfaRequirement> mfa = new EnumMap<>(Role.class);
        mfa.put(Role.CUSTOMER, MfaRequirement.OPTIONAL);
        mfa.put(Role.PROVIDER, MfaRequirement.REQUIRED);
        mfa.put(Role.MERCHANT, MfaRequirement.REQUIRED);
        mfa.put(Role.ADMIN, MfaRequirement.REQUIRED);
        mfa.put(Role.SUPPORT, MfaRequirement.REQUIRED);
        return mfa;
    }

    private static void validate(PasswordPolicy password, LockoutPolicy lockout, Map<Role, MfaRequirement> mfa,
            int sessionTimeoutMinutes, int bookingFeePercent, int disputeObjectionHours, int unclaimedEscrowHours,
            int retentionBookingsDays) {
        Violations v = new Violations();
        range(v, "passwordPolicy.minLength", password.minLength(), PasswordPolicy.FLOOR_MIN_LENGTH,
                PasswordPolicy.MAX_MIN_LENGTH);
        range(v, "passwordPolicy.historySize", password.historySize(), 0, PasswordPolicy.MAX_HISTORY);
        range(v, "lockout.maxFailedAttempts", lockout.maxFailedAttempts(), LockoutPolicy.MIN_ATTEMPTS,
                LockoutPolicy.MAX_ATTEMPTS);
        range(v, "lockout.lockMinutes", lockout.lockMinutes(), 1, LockoutPolicy.MAX_LOCK_MINUTES);
        for (Role role : Role.values()) {
            if (!mfa.containsKey(role)) {
                v.add("mfa." + role.groupName(), "missing_field", "mfa." + role.groupName() + " is required");
            }
        }
        range(v, "sessionTimeoutMinutes", sessionTimeoutMinutes, MIN_SESSION_TIMEOUT_MINUTES,
                MAX_SESSION_TIMEOUT_MINUTES);
        range(v, "bookingFeePercent", bookingFeePercent, 0, MAX_BOOKING_FEE_PERCENT);
        range(v, "disputeObjectionHours", disputeObjectionHours, 1, MAX_DISPUTE_OBJECTION_HOURS);
        range(v, "unclaimedEscrowHours", unclaimedEscrowHours, 1, MAX_UNCLAIMED_ESCROW_HOURS);
        range(v, "retention.bookingsDays", retentionBookingsDays, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS);
        v.throwIfAny();
    }

    private static void range(Violations v, String field, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(field, "out_of_range", field + " must be " + min + ".." + max);
        }
    }
}
