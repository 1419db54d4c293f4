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

    /** The grant of an access token, or empty when revoked, unknown or expired at {@code now}. */
    Optional<AccessGrant> findGrant(String tokenId, Instant now);

    /** Ends every session of the user and withdraws every access token; returns how many items went. */
    int revokeAll(UserId userId);
}
