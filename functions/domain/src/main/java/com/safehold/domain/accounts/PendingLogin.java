package com.safehold.domain.accounts;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A login whose password was right but which still needs a second factor: held server-side under the hash
 * of the opaque {@code session} handed to the client. The tokens are released only when the second factor
 * is right; the store encrypts them.
 *
 * @param purpose  whether the client must answer a challenge or first enrol
 * @param guardKey the lockout counter wrong codes count towards
 */
public record PendingLogin(String sessionHash, UserId userId, Role role, Purpose purpose, String guardKey,
        String deviceHash, IssuedTokens tokens, Instant expiresAt) {

    public enum Purpose { MFA_CHALLENGE, MFA_SETUP }

    public PendingLogin {
        Objects.requireNonNull(sessionHash);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(purpose);
        Objects.requireNonNull(guardKey);
        Objects.requireNonNull(tokens);
    }

    @Override
    public String toString() {
        return "PendingLogin[" + userId + ", " + purpose + "]";
    }
}
