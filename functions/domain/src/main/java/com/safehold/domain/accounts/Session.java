package com.safehold.domain.accounts;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * A signed-in session: one refresh token, known by its hash. Refresh is refused once the session was idle
 * longer than the session timeout or was revoked (logout).
 */
public record Session(String refreshHash, UserId userId, Instant createdAt, Instant lastActivityAt) {}
