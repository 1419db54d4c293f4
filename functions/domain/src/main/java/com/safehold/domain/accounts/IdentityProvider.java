package com.safehold.domain.accounts;

import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.util.Optional;

/**
 * Port: the user directory that holds credentials and issues tokens (Cognito in AWS, cognito-local here).
 * Only server-side flows are used; the password never leaves the auth function except towards this port.
 */
public interface IdentityProvider {

    /**
     * Creates a user with a permanent password in the role's group and returns the user id.
     *
     * @throws EmailTakenException when a user with this e-mail exists
     */
    UserId createUser(Email email, String password, Role role);

    /** Puts the user into the role's group (idempotent; finishes a signup that stopped half-way). */
    void assignRole(UserId userId, Role role);

    /** Checks the password; empty when the e-mail is unknown or the password wrong (indistinguishable). */
    Optional<SignIn> signIn(Email email, String password, ClientContext client);

    /** Checks the password of a signed-in user (password change); empty when wrong. */
    Optional<SignIn> verifyPassword(UserId userId, String password, ClientContext client);

    /** New tokens for a refresh token; empty when the provider no longer accepts it. */
    Optional<IssuedTokens> refresh(UserId userId, String refreshToken);

    /** Sets a new permanent password (rules were checked by the caller). */
    void setPassword(UserId userId, String password);

    /** The user's e-mail address (export); empty when the user no longer exists. */
    Optional<Email> email(UserId userId);

    /** Deletes the user with credentials and e-mail (erasure); idempotent: an unknown user is no error. */
    void deleteUser(UserId userId);

    /** A successful password check: who it is, the role (null if not yet assigned) and the tokens issued. */
    record SignIn(UserId userId, Role role, IssuedTokens tokens) {}

    /** Where a login came from, passed on for the provider's risk checks (threat protection). */
    record ClientContext(String sourceIp, String userAgent) {
        public static final ClientContext UNKNOWN = new ClientContext(null, null);
    }

    /** The e-mail is already registered: 409 {@code email_taken} (SPEC 4.1). */
    final class EmailTakenException extends com.safehold.domain.common.DomainException {
        public EmailTakenException() {
            super(Kind.CONFLICT, "email_taken", "an account with this e-mail address exists");
        }
    }
}
