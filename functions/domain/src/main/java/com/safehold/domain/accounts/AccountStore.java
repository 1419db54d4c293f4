package com.safehold.domain.accounts;

import com.safehold.domain.common.UserId;
import java.util.Optional;

/** Port: the accounts' security records. */
public interface AccountStore {

    Optional<Account> find(UserId userId);

    /** Stores a new record; false when one exists already (a retried signup). */
    boolean create(Account account);

    /**
     * Replaces the record if its stored version is still {@code account.version()}; the stored version is
     * then one higher.
     *
     * @throws java.util.ConcurrentModificationException when someone else changed it first
     */
    void update(Account account);

    /** Deletes the security record (erasure); idempotent. */
    void delete(UserId userId);

    /** Removes one unused recovery code atomically; true for exactly one of any concurrent callers. */
    boolean consumeRecoveryCode(UserId userId, String codeHash);

    /**
     * Records {@code step} as the last TOTP step used if it is later than the stored one; false when that
     * step (or a later one) was used already, which makes the code a replay.
     */
    boolean useTotpStep(UserId userId, long step);
}
