package com.safehold.domain.accounts;

import java.util.Objects;

/**
 * Tokens the identity provider issued for one sign-in or refresh.
 *
 * @param accessTokenId the access token's {@code jti}, under which the session registry records it
 * @param refreshToken  {@code null} after a refresh that did not rotate it
 */
public record IssuedTokens(String accessToken, String idToken, String refreshToken, String accessTokenId,
        long expiresInSeconds) {

    public IssuedTokens {
        Objects.requireNonNull(accessToken);
        Objects.requireNonNull(idToken);
        Objects.requireNonNull(accessTokenId);
    }

    public IssuedTokens withRefreshToken(String token) {
        return new IssuedTokens(accessToken, idToken, token, accessTokenId, expiresInSeconds);
    }

    public IssuedTokens withExpiresIn(long seconds) {
        return new IssuedTokens(accessToken, idToken, refreshToken, accessTokenId, seconds);
    }

    @Override
    public String toString() {
        return "IssuedTokens[jti=" + accessTokenId + "]"; // never the tokens themselves
    }
}
