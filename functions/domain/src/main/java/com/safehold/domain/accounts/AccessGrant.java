package com.safehold.domain.accounts;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * One access token the auth function handed out, by its {@code jti}. Handlers accept a token only while its
 * grant exists (logout deletes them) and it is younger than the session timeout.
 */
public record AccessGrant(String tokenId, UserId userId, String refreshHash, Instant issuedAt, Instant expiresAt) {}
