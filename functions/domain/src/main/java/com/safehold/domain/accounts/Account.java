package com.safehold.domain.accounts;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Safehold's security record of one account, next to the identity provider's: the role, the lockout
 * counter's key, the second factor and the password history. Secrets appear here in plain text; the store
 * encrypts {@code totpSecret}, {@code pendingTotpSecret} and {@code phone} with the field cipher and keeps
 * recovery codes and old passwords only as hashes.
 *
 * @param guardKey            the login guard key of the account's e-mail (a blind index), so bearer-token
 *                            flows count wrong codes against the same lockout as logins
 * @param totpSecret          the enrolled TOTP secret, or {@code null} when not enrolled
 * @param lastTotpStep        the last TOTP time step accepted; a code of that step or earlier is a replay
 * @param pendingTotpSecret   a secret shown by MFA setup and not yet verified, or {@code null}
 * @param recoveryCodeHashes  hashes of the unused recovery codes
 * @param passwordHistory     hashes of the current and previous passwords, newest first
 * @param version             optimistic-locking version
 */
public record Account(
        UserId userId,
        Role role,
        String guardKey,
        String phone,
        String totpSecret,
        Instant mfaEnrolledAt,
        long lastTotpStep,
        String pendingTotpSecret,
        Instant pendingTotpExpiresAt,
        Set<String> recoveryCodeHashes,
        List<String> passwordHistory,
        long version) {

    public Account {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(role);
        Objects.requireNonNull(guardKey);
        recoveryCodeHashes = Set.copyOf(recoveryCodeHashes);
        passwordHistory = List.copyOf(passwordHistory);
    }

    public static Account created(UserId userId, Role role, String guardKey, String phone, String passwordHash) {
        return new Account(userId, role, guardKey, phone, null, null, 0, null, null, Set.of(),
                List.of(passwordHash), 0);
    }

    public boolean mfaEnrolled() {
        return totpSecret != null;
    }

    public Account withPendingTotp(String secret, Instant expiresAt) {
        return new Account(userId, role, guardKey, phone, totpSecret, mfaEnrolledAt, lastTotpStep, secret, expiresAt,
                recoveryCodeHashes, passwordHistory, version);
    }

    /** Enrols the pending secret, accepting {@code step} as used, with fresh recovery codes. */
    public Account enrolled(Instant now, long step, Set<String> recoveryHashes) {
        return new Account(userId, role, guardKey, phone, pendingTotpSecret, now, step, null, null, recoveryHashes,
                passwordHistory, version);
    }

    public Account withPasswordHistory(List<String> history) {
        return new Account(userId, role, guardKey, phone, totpSecret, mfaEnrolledAt, lastTotpStep, pendingTotpSecret,
                pendingTotpExpiresAt, recoveryCodeHashes, history, version);
    }

    @Override
    public String toString() {
        return "Account[" + userId + ", " + role + ", mfa=" + mfaEnrolled() + "]"; // no secrets
    }
}
