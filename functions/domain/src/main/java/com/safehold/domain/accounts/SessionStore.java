package com.safehold.domain.accounts;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Optional;

/** Port: the session registry — sessions (refresh tokens) and the access tokens issued in them. */
public interface SessionStore {

    void open(Session session, Instant expiresAt);

    Optional<Session> find(String refreshHash, Instant now);

    /** Records activity; false when the session is gone (revoked meanwhile). */
    boolean touch(String refreshHash, Instant at);

    void end(String refreshHash);

    void grant(AccessGrant grant);

    /**
     * The grant of an access token of {@code userId}, or empty when revoked, unknown, another user's or
     * expired at {@code now}.
     */
    Optional<AccessGrant> findGrant(String tokenId, UserId userId, Instant now);

    /**
     * Ends every session of the user and withdraws every access token issued up to {@code at}, at once
     * (a revocation mark read with each grant), then deletes their items; returns how many it deleted.
     */
    int revokeAll(UserId userId, Instant at);
}
