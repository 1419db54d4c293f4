package com.safehold.domain.accounts;

import java.time.Instant;
import java.util.Optional;

/** Port: logins waiting for their second factor; they expire by TTL. */
public interface PendingLoginStore {

    void save(PendingLogin login);

    /** The pending login, or empty when unknown or expired at {@code now}. */
    Optional<PendingLogin> find(String sessionHash, Instant now);

    /** Deletes it; true for exactly one of any concurrent callers, so a session completes once. */
    boolean consume(String sessionHash);
}
