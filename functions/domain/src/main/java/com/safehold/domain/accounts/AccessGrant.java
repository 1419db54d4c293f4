package com.safehold.domain.accounts;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * One access token the auth function handed out, by its {@code jti}. Handlers accept a token only while its
 * grant exists (logout revokes them), the presented token hashes to {@code tokenHash}, and it is younger than
 * the session timeout.
 *
 * @param tokenHash SHA-256 of the whole access token: proves the presenter holds exactly the token issued
 */
public record AccessGrant(String tokenId, UserId userId, String refreshHash, String tokenHash, Instant issuedAt,
        Instant expiresAt) {}
