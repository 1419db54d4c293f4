package com.safehold.domain.users;

import com.safehold.domain.common.UserId;
import java.util.Optional;

/** Port: reads public profiles. */
public interface ProfileDirectory {
    Optional<PublicProfile> find(UserId userId);

    /** Creates or replaces the public part of a profile (signup). */
    void save(PublicProfile profile);
}
