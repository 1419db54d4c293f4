package com.safehold.local.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.safehold.local.LocalClock;
import com.safehold.local.cognito.Unauthorized.Reason;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The local stand-in for the API Gateway HTTP API JWT authorizer in front of every protected route: it accepts
 * a Cognito access token when the deployed authorizer would, and hands back the claims the way API Gateway
 * passes them to the handler ({@link AuthorizerJwt}).
 *
 * <p>Checks, in order: an {@code Authorization: Bearer <token>} header; an RS256 signature by a key of the
 * pool's JWKS (fetched once, fetched again when a token names an unknown {@code kid}); {@code iss} equals the
 * pool's issuer; {@code token_use} is {@code access}; {@code aud}, or {@code client_id} when there is no
 * {@code aud}, is one of the audience (the app client id) — the same rule as API Gateway; {@code iat},
 * {@code nbf} and {@code exp} against platform time.
 *
 * <p>Two checks are stricter than API Gateway's on purpose: the {@code Bearer} prefix is required (SPEC 3; API
 * Gateway also takes a bare token), and {@code token_use} must be {@code access} (API Gateway would take an id
 * token, whose {@code aud} is the client id, unless the route requires a scope that id tokens lack). A missing
 * route scope is a 403 on AWS; here it is {@link Unauthorized.Reason#INSUFFICIENT_SCOPE}.
 *
 * <p>Time travel (SPEC 2): cognito-local keeps real time, the platform does not. A token's platform issue
 * instant is {@code clock.toPlatformTime(issued)}, where {@code issued} is the real instant recorded by
 * {@link IssuedTokens} when one of our clients obtained it, else its {@code iat}. Its platform expiry is that
 * instant plus its lifetime ({@code exp - iat}), capped at the deployed client's access-token validity
 * (cognito-local's default is 24 h). So after an advance of two hours an old token is expired, and a token from
 * a fresh login works although cognito-local never moved.
 */
public final class JwtAuthorizer {

    /** The deployed app client's access-token validity. */
    public static final Duration DEFAULT_MAX_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(60);

    private static final String BEARER = "bearer ";
    private static final int JWKS_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT = 50 * 1024;

    private final String issuer;
    private final Set<String> audience;
    private final LocalClock clock;
    private final IssuedTokens issuedTokens;
    private final Duration maxAccessTokenLifetime;
    private final DefaultJWTProcessor<SecurityContext> processor;

    /**
     * @param jwksUri                the pool's {@code .well-known/jwks.json}
     * @param issuer                 the exact expected {@code iss}
     * @param audience               accepted {@code aud}/{@code client_id} values: the app client id
     * @param clock                  the platform clock
     * @param issuedTokens           exact issue instants of tokens our clients obtained (may be empty)
     * @param maxAccessTokenLifetime the deployed client's access-token validity
     */
    public JwtAuthorizer(URI jwksUri, String issuer, Set<String> audience, LocalClock clock,
            IssuedTokens issuedTokens, Duration maxAccessTokenLifetime) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Set.copyOf(audience);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issuedTokens = Objects.requireNonNull(issuedTokens, "issuedTokens");
        if (maxAccessTokenLifetime.isNegative() || maxAccessTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the maximum token lifetime must be positive");
        }
        this.maxAccessTokenLifetime = maxAccessTokenLifetime;
        if (this.audience.isEmpty()) {
            throw new IllegalArgumentException("at least one audience (app client id) is required");
        }
        this.processor = processor(keySource(jwksUri));
    }

    /** The authorizer for the local pool, with the default 60-minute access-token validity. */
    public JwtAuthorizer(CognitoLocal cognito, LocalClock clock) {
        this(cognito, clock, DEFAULT_MAX_ACCESS_TOKEN_LIFETIME);
    }

    /** The authorizer for the local pool, with another maximum access-token lifetime. */
    public JwtAuthorizer(CognitoLocal cognito, LocalClock clock, Duration maxAccessTokenLifetime) {
        this(cognito.jwksUri(), cognito.issuer(), Set.of(cognito.clientId()), clock, cognito.issuedTokens(),
                maxAccessTokenLifetime);
    }

    /** Authorizes a request to a route that requires no authorization scopes (every Safehold route). */
    public AuthorizerJwt authorize(String authorizationHeader) {
        return authorize(authorizationHeader, List.of());
    }

    /**
     * Authorizes a request to a route.
     *
     * @param authorizationHeader the {@code Authorization} header, or {@code null} when absent
     * @param routeScopes         the route's authorization scopes; the token must carry at least one of them
     * @throws Unauthorized when API Gateway would refuse the request
     */
    public AuthorizerJwt authorize(String authorizationHeader, Collection<String> routeScopes) {
        SignedJWT jwt = parse(bearerToken(authorizationHeader));
        JWTClaimsSet claims = verifySignature(jwt);
        checkIssuerAndUse(claims);
        checkAudience(claims);
        checkTimes(claims);
        List<String> tokenScopes = scopes(claims);
        if (!routeScopes.isEmpty() && routeScopes.stream().noneMatch(tokenScopes::contains)) {
            throw new Unauthorized(Reason.INSUFFICIENT_SCOPE);
        }
        return new AuthorizerJwt(ClaimRendering.render(jwt.getPayload().toJSONObject()),
                routeScopes.isEmpty() ? null : tokenScopes);
    }

    private static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw new Unauthorized(Reason.MISSING_TOKEN);
        }
        String trimmed = header.strip();
        if (trimmed.equalsIgnoreCase(BEARER.strip())) {
            throw new Unauthorized(Reason.MISSING_TOKEN);
        }
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw new Unauthorized(Reason.MALFORMED);
        }
        String token = trimmed.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            throw new Unauthorized(Reason.MISSING_TOKEN);
        }
        return token;
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new Unauthorized(Reason.MALFORMED, e);
        }
    }

    private JWTClaimsSet verifySignature(SignedJWT jwt) {
        try {
            return processor.process(jwt, null);
        } catch (BadJWSException e) {
            throw new Unauthorized(Reason.BAD_SIGNATURE, e);
        } catch (BadJWTException e) {
            throw new Unauthorized(Reason.MALFORMED, e);
        } catch (BadJOSEException e) {
            throw new Unauthorized(Reason.BAD_SIGNATURE, e); // no key with that kid, or another algorithm
        } catch (RateLimitReachedException e) {
            throw new Unauthorized(Reason.BAD_SIGNATURE, e); // unknown kid again, keys just refreshed
        } catch (KeySourceException e) {
            throw new Unauthorized(Reason.KEYS_UNAVAILABLE, e);
        } catch (JOSEException e) {
            throw new Unauthorized(Reason.BAD_SIGNATURE, e);
        }
    }

    private void checkIssuerAndUse(JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            throw new Unauthorized(Reason.WRONG_ISSUER);
        }
        if (!"access".equals(stringClaim(claims, "token_use"))) {
            throw new Unauthorized(Reason.WRONG_TOKEN_USE);
        }
    }

    /**
     * API Gateway: {@code aud} must match an audience entry; {@code client_id} is checked only without {@code aud}.
     * A token with neither names no client at all (the audience set holds no nulls and refuses to look one up).
     */
    private void checkAudience(JWTClaimsSet claims) {
        List<String> aud = claims.getAudience();
        String clientId = aud.isEmpty() ? stringClaim(claims, "client_id") : null;
        boolean matches = aud.isEmpty()
                ? clientId != null && audience.contains(clientId)
                : aud.stream().anyMatch(a -> a != null && audience.contains(a));
        if (!matches) {
            throw new Unauthorized(Reason.WRONG_CLIENT);
        }
    }

    private void checkTimes(JWTClaimsSet claims) {
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null || exp.before(iat)) {
            throw new Unauthorized(Reason.MALFORMED);
        }
        Instant realIssued = issuedTokens.realIssuedAt(claims.getJWTID()).orElse(iat.toInstant());
        Instant platformIssued = clock.toPlatformTime(realIssued);
        Duration lifetime = Duration.between(iat.toInstant(), exp.toInstant());
        Instant platformExpiry = platformIssued.plus(min(lifetime, maxAccessTokenLifetime));
        Instant now = clock.now();
        Date nbf = claims.getNotBeforeTime();
        if (platformIssued.isAfter(now)
                || nbf != null && now.isBefore(platformIssued.plus(Duration.between(iat.toInstant(), nbf.toInstant())))) {
            throw new Unauthorized(Reason.NOT_YET_VALID);
        }
        if (!now.isBefore(platformExpiry)) {
            throw new Unauthorized(Reason.EXPIRED);
        }
    }

    private static List<String> scopes(JWTClaimsSet claims) {
        String scope = stringClaim(claims, "scope");
        return scope == null || scope.isBlank() ? List.of() : Arrays.asList(scope.strip().split("\\s+"));
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException notAString) {
            throw new Unauthorized(Reason.MALFORMED, notAString);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static JWKSource<SecurityContext> keySource(URI jwksUri) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                    .cacheForever() // fetched once; a token naming an unknown kid still triggers a refetch
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URI: " + jwksUri, e);
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier((type, context) -> { }); // API Gateway ignores the typ header
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> { }); // claims are checked above, in platform time
        return processor;
    }
}
