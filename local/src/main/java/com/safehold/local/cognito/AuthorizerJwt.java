package com.safehold.local.cognito;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What API Gateway (HTTP API, payload 2.0) puts into {@code requestContext.authorizer.jwt} after its JWT
 * authorizer accepted a token: every claim as a string ({@link ClaimRendering}), and the scopes.
 *
 * @param claims e.g. {@code sub}, {@code client_id}, {@code token_use}, {@code cognito:groups} as
 *               {@code "[provider admin]"}, {@code exp} as {@code "1795950000"}
 * @param scopes {@code null} when the route requires no authorization scopes (API Gateway then sends
 *               {@code "scopes": null}), else the token's scopes
 */
public record AuthorizerJwt(Map<String, String> claims, List<String> scopes) {

    public AuthorizerJwt {
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    /** The caller's user id. */
    public String sub() {
        return claims.get("sub");
    }
}
