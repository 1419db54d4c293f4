package com.safehold.domain.users;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Optional;

/** Port: reads public profiles. */
public interface ProfileDirectory {
    Optional<PublicProfile> find(UserId userId);

    /** Creates or replaces the public part of a profile (signup). */
    void save(PublicProfile profile);

    /**
     * Marks the person as being erased (SPEC 4.7): from now on no booking with them can be made. Idempotent.
     */
    void beginErasure(UserId userId, Instant at);

    /** Lifts the mark of {@link #beginErasure} when the erasure cannot go on (open obligations). */
    void cancelErasure(UserId userId);

    /**
     * Replaces the profile by the erasure record: the user id, when the erasure began and ended, and nothing
     * personal (the pseudonym goes). Idempotent. Profiles of erased people are not {@link #find found}.
     */
    void completeErasure(UserId userId, Instant at);
}
