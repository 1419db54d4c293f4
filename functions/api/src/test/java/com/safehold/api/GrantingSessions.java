package com.safehold.api;

import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.accounts.Session;
import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A session store that finds a live grant for every (jti, user), issued a minute before {@code now} for the token
 * hash {@code issuedHash} gives: so a test decides whether the presented token is the one the grant was made for.
 * Nothing else is stored or found.
 */
public final class GrantingSessions implements SessionStore {

    private final Supplier<String> issuedHash;
    private final Instant now;

    public GrantingSessions(Supplier<String> issuedHash, Instant now) {
        this.issuedHash = issuedHash;
        this.now = now;
    }

    @Override
    public Optional<AccessGrant> findGrant(String tokenId, UserId userId, Instant at) {
        return Optional.of(new AccessGrant(tokenId, userId, "refresh-hash", issuedHash.get(), now.minusSeconds(60),
                now.plusSeconds(3600)));
    }

    @Override
    public void open(Session session, Instant expiresAt) {}

    @Override
    public Optional<Session> find(String refreshHash, Instant at) {
        return Optional.empty();
    }

    @Override
    public boolean touch(String refreshHash, Instant at) {
        return false;
    }

    @Override
    public void end(String refreshHash) {}

    @Override
    public void grant(AccessGrant grant) {}

    @Override
    public int revokeAll(UserId userId, Instant at) {
        return 0;
    }
}
