package com.safehold.domain.settings;

/** Whether a role must use a second factor (SPEC 4.2 {@code mfa}). */
public enum MfaRequirement {
    /** The user may enrol; once enrolled, every login asks for the code. */
    OPTIONAL,
    /** Login answers {@code MFA_SETUP_REQUIRED} until the user has enrolled. */
    REQUIRED
}
