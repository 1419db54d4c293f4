package com.safehold.local.cognito;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminRespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;

/**
 * Remembers, to the millisecond of real time, when each token cognito-local issued to one of our SDK clients
 * was asked for, keyed by the token's {@code jti}.
 *
 * <p>Why: a token only carries {@code iat} in whole seconds, and cognito-local keeps real time. A clock
 * advance and a login usually happen within the same real second, so from {@code iat} alone the authorizer
 * cannot tell a token issued just before an advance (it must age by the advance) from one issued just after
 * (it must not). The instant recorded here, taken when the request was sent, is a lower bound of the true issue
 * time that is precise enough to place the token on the right side of every advance.
 *
 * <p>Install it as an SDK execution interceptor on every Cognito client pointed at cognito-local
 * ({@link CognitoLocal#client()} has it). The jti is read without verifying the signature: the authorizer
 * looks entries up only for tokens whose signature it has verified. The map is bounded; evicted or unknown
 * tokens fall back to {@code iat}.
 */
public final class IssuedTokens implements ExecutionInterceptor {

    private static final int MAX_ENTRIES = 100_000;
    private static final ExecutionAttribute<Instant> SENT_AT = new ExecutionAttribute<>("safehold.cognito.sentAt");

    private final Supplier<Instant> realTime;
    private final Map<String, Instant> issuedAt = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public IssuedTokens() {
        this(Instant::now);
    }

    /** For tests: the real time source, which must be the one the {@code LocalClock} reads. */
    public IssuedTokens(Supplier<Instant> realTime) {
        this.realTime = Objects.requireNonNull(realTime);
    }

    /** The real instant at which the token with this {@code jti} was requested, if one of our clients got it. */
    public synchronized Optional<Instant> realIssuedAt(String jti) {
        return Optional.ofNullable(jti).map(issuedAt::get);
    }

    /** Records a token obtained some other way (e.g. over HTTP from a test), issued no earlier than {@code at}. */
    public synchronized void record(String jti, Instant at) {
        issuedAt.put(Objects.requireNonNull(jti), Objects.requireNonNull(at));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(SENT_AT, realTime.get());
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        AuthenticationResultType result = authenticationResult(context.response());
        Instant sentAt = attributes.getAttribute(SENT_AT);
        if (result == null || sentAt == null) {
            return;
        }
        Stream.of(result.accessToken(), result.idToken())
                .filter(Objects::nonNull)
                .forEach(token -> jtiOf(token).ifPresent(jti -> record(jti, sentAt)));
    }

    private static AuthenticationResultType authenticationResult(SdkResponse response) {
        return switch (response) {
            case AdminInitiateAuthResponse r -> r.authenticationResult();
            case InitiateAuthResponse r -> r.authenticationResult();
            case AdminRespondToAuthChallengeResponse r -> r.authenticationResult();
            case RespondToAuthChallengeResponse r -> r.authenticationResult();
            default -> null;
        };
    }

    private static Optional<String> jtiOf(String token) {
        try {
            return Optional.ofNullable(JWTParser.parse(token).getJWTClaimsSet().getJWTID());
        } catch (ParseException notAJwt) {
            return Optional.empty();
        }
    }
}
