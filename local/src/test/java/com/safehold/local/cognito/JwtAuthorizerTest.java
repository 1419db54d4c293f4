package com.safehold.local.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.safehold.domain.common.Role;
import com.safehold.local.LocalClock;
import com.safehold.local.cognito.Unauthorized.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/** The local JWT authorizer against tokens from a real cognito-local. */
class JwtAuthorizerTest {

    private static final String PASSWORD = "Corr3ct-horse!";

    private static CognitoLocal cognito;
    private static LocalAccounts accounts;
    private static String email;
    private static String sub;

    private LocalClock clock;
    private JwtAuthorizer authorizer;

    @BeforeAll
    static void start() {
        cognito = CognitoLocal.start();
        accounts = new LocalAccounts(cognito);
        email = "provider-" + UUID.randomUUID() + "@example.test";
        sub = accounts.createUser(email, PASSWORD, Role.PROVIDER);
        cognito.client().adminAddUserToGroup(r -> r.userPoolId(cognito.userPoolId()).username(sub).groupName("admin"));
    }

    @AfterAll
    static void stop() {
        if (cognito != null) {
            cognito.close();
        }
    }

    @BeforeEach
    void freshClock() {
        clock = new LocalClock();
        authorizer = new JwtAuthorizer(cognito, clock);
    }

    private static Tokens login() {
        return accounts.login(email, PASSWORD);
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOf(Unauthorized.class)
                .satisfies(e -> assertThat(((Unauthorized) e).reason()).isEqualTo(reason))
                .hasMessage(reason.text());
    }

    @Test
    void aValidAccessTokenYieldsTheClaimsAsApiGatewayRendersThem() {
        Tokens tokens = login();

        AuthorizerJwt jwt = authorizer.authorize(tokens.bearer());

        Map<String, String> claims = jwt.claims();
        assertThat(jwt.sub()).isEqualTo(sub);
        assertThat(claims.get("sub")).isEqualTo(sub);
        assertThat(claims.get("client_id")).isEqualTo(cognito.clientId());
        assertThat(claims.get("token_use")).isEqualTo("access");
        assertThat(claims.get("iss")).isEqualTo(cognito.issuer());
        assertThat(claims.get("scope")).isEqualTo("aws.cognito.signin.user.admin");
        assertThat(claims.get("cognito:groups")).isIn("[provider admin]", "[admin provider]");
        assertThat(claims.get("exp")).matches("\\d{10}");
        assertThat(Long.parseLong(claims.get("exp")) - Long.parseLong(claims.get("iat"))).isEqualTo(3600);
        assertThat(claims.values()).noneMatch(v -> v.contains(email));
        assertThat(jwt.scopes()).as("no route scopes: API Gateway sends scopes null").isNull();
    }

    @Test
    void routeScopesMustBeCarriedByTheToken() {
        Tokens tokens = login();

        assertThat(authorizer.authorize(tokens.bearer(), List.of("aws.cognito.signin.user.admin")).scopes())
                .containsExactly("aws.cognito.signin.user.admin");
        assertRefused(() -> authorizer.authorize(tokens.bearer(), List.of("safehold/admin")), Reason.INSUFFICIENT_SCOPE);
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertThat(authorizer.authorize("bearer " + login().accessToken()).sub()).isEqualTo(sub);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = login().accessToken();
        String promoted = TestTokens.withPayloadClaim(token, "cognito:groups", List.of("admin", "support"));

        assertRefused(() -> authorizer.authorize("Bearer " + promoted), Reason.BAD_SIGNATURE);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        JWTClaimsSet claims = TestTokens.accessClaims(cognito, sub).build();
        RSAKey impostorWithSameKid = TestTokens.freshKey("CognitoLocal");
        RSAKey impostorWithOwnKid = TestTokens.freshKey("impostor");

        assertRefused(() -> authorizer.authorize("Bearer " + TestTokens.sign(claims, impostorWithSameKid)),
                Reason.BAD_SIGNATURE);
        assertRefused(() -> authorizer.authorize("Bearer " + TestTokens.sign(claims, impostorWithOwnKid)),
                Reason.BAD_SIGNATURE);
        assertRefused(() -> authorizer.authorize("Bearer " + TestTokens.sign(claims, impostorWithOwnKid)),
                Reason.BAD_SIGNATURE); // again, while refetching the keys is rate-limited
    }

    @Test
    void theSameClaimsSignedByCognitoLocalsKeyPass() {
        // Proves the negative cases above fail for the key alone, and lets the next tests vary one claim.
        String token = TestTokens.sign(TestTokens.accessClaims(cognito, sub).build(), TestTokens.cognitoLocalKey());

        assertThat(authorizer.authorize("Bearer " + token).claims().get("cognito:groups")).isEqualTo("[customer]");
    }

    @Test
    void aWrongIssuerIsRefused() {
        String otherIssuer = TestTokens.sign(TestTokens.accessClaims(cognito, sub)
                .issuer("http://localhost:9229/" + cognito.userPoolId()).build(), TestTokens.cognitoLocalKey());
        assertRefused(() -> authorizer.authorize("Bearer " + otherIssuer), Reason.WRONG_ISSUER);

        JwtAuthorizer expectingAnotherPool = new JwtAuthorizer(cognito.jwksUri(),
                "http://127.0.0.1:" + cognito.port() + "/local_other", Set.of(cognito.clientId()), clock,
                cognito.issuedTokens(), JwtAuthorizer.DEFAULT_MAX_ACCESS_TOKEN_LIFETIME);
        assertRefused(() -> expectingAnotherPool.authorize(login().bearer()), Reason.WRONG_ISSUER);
    }

    @Test
    void anIdTokenIsNotAnAccessToken() {
        assertRefused(() -> authorizer.authorize("Bearer " + login().idToken()), Reason.WRONG_TOKEN_USE);
    }

    @Test
    void aTokenOfAnotherAppClientIsRefused() {
        String otherClient = cognito.client().createUserPoolClient(r -> r.userPoolId(cognito.userPoolId())
                .clientName("other-" + UUID.randomUUID())
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH))
                .userPoolClient().clientId();
        String token = cognito.client().adminInitiateAuth(r -> r.userPoolId(cognito.userPoolId()).clientId(otherClient)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD)))
                .authenticationResult().accessToken();

        assertRefused(() -> authorizer.authorize("Bearer " + token), Reason.WRONG_CLIENT);
    }

    @Test
    void aSignedTokenNamingNoClientAtAllIsRefused_notAnError() {
        // found by JwtAuthorizerFuzzTest: neither aud nor client_id made the audience check throw (gateway 500)
        String token = TestTokens.sign(new JWTClaimsSet.Builder(TestTokens.accessClaims(cognito, sub).build())
                .claim("client_id", null).build(), TestTokens.cognitoLocalKey());

        assertRefused(() -> authorizer.authorize("Bearer " + token), Reason.WRONG_CLIENT);
    }

    @Test
    void anAudClaimIsCheckedInsteadOfClientId() {
        String foreignAud = TestTokens.sign(TestTokens.accessClaims(cognito, sub).audience("someone-else").build(),
                TestTokens.cognitoLocalKey());
        String ourAud = TestTokens.sign(TestTokens.accessClaims(cognito, sub).audience(cognito.clientId())
                .claim("client_id", "someone-else").build(), TestTokens.cognitoLocalKey());

        assertRefused(() -> authorizer.authorize("Bearer " + foreignAud), Reason.WRONG_CLIENT);
        assertThat(authorizer.authorize("Bearer " + ourAud).sub()).isEqualTo(sub);
    }

    @Test
    void tokensAgeInPlatformTime() {
        Tokens tokens = login();

        clock.advance(Duration.ofMinutes(59));
        assertThat(authorizer.authorize(tokens.bearer()).sub()).isEqualTo(sub);

        clock.advance(Duration.ofMinutes(2));
        assertRefused(() -> authorizer.authorize(tokens.bearer()), Reason.EXPIRED);
    }

    @Test
    void afterTwoHoursAnOldTokenIsRefusedAndAFreshLoginWorksAlthoughCognitoLocalKeptRealTime() {
        Tokens old = login();

        clock.advance(Duration.ofHours(2)); // usually within the same real second as both logins
        Tokens fresh = login();

        assertRefused(() -> authorizer.authorize(old.bearer()), Reason.EXPIRED);
        assertThat(authorizer.authorize(fresh.bearer()).sub()).isEqualTo(sub);
        long freshIat = (Long) TestTokens.payloadOf(fresh.accessToken()).get("iat");
        assertThat(freshIat).as("cognito-local kept real time")
                .isBetween(Instant.now().getEpochSecond() - 5, Instant.now().getEpochSecond());
    }

    @Test
    void theMaximumLifetimeCapsWhatCognitoLocalIssues() {
        JwtAuthorizer tenMinutes = new JwtAuthorizer(cognito, clock, Duration.ofMinutes(10));
        Tokens tokens = login();
        assertThat(tenMinutes.authorize(tokens.bearer()).sub()).isEqualTo(sub);

        clock.advance(Duration.ofMinutes(11));

        assertRefused(() -> tenMinutes.authorize(tokens.bearer()), Reason.EXPIRED);
        assertThat(authorizer.authorize(tokens.bearer()).sub()).as("the 60-minute default still accepts it")
                .isEqualTo(sub);
    }

    @Test
    void withoutARecordedIssueInstantTheIatSecondDecides() throws InterruptedException {
        JwtAuthorizer iatOnly = new JwtAuthorizer(cognito.jwksUri(), cognito.issuer(), Set.of(cognito.clientId()),
                clock, new IssuedTokens(), JwtAuthorizer.DEFAULT_MAX_ACCESS_TOKEN_LIFETIME);
        Tokens old = login();
        sleepIntoNextSecond();

        clock.advance(Duration.ofHours(2));
        sleepIntoNextSecond();
        Tokens fresh = login();

        assertRefused(() -> iatOnly.authorize(old.bearer()), Reason.EXPIRED);
        assertThat(iatOnly.authorize(fresh.bearer()).sub()).isEqualTo(sub);
    }

    @Test
    void timesInTheFutureAreNotYetValid() {
        Instant now = Instant.now();
        String notBefore = TestTokens.sign(TestTokens.accessClaims(cognito, sub)
                .notBeforeTime(Date.from(now.plusSeconds(600))).build(), TestTokens.cognitoLocalKey());
        String issuedLater = TestTokens.sign(TestTokens.accessClaims(cognito, sub)
                .issueTime(Date.from(now.plusSeconds(600))).expirationTime(Date.from(now.plusSeconds(4200))).build(),
                TestTokens.cognitoLocalKey());

        assertRefused(() -> authorizer.authorize("Bearer " + notBefore), Reason.NOT_YET_VALID);
        assertRefused(() -> authorizer.authorize("Bearer " + issuedLater), Reason.NOT_YET_VALID);

        clock.advance(Duration.ofMinutes(11));
        assertThat(authorizer.authorize("Bearer " + notBefore).sub()).as("nbf is relative to the issue instant")
                .isEqualTo(sub);
        assertRefused(() -> authorizer.authorize("Bearer " + issuedLater), Reason.NOT_YET_VALID); // moves along
    }

    @Test
    void tokensWithoutTimesAreMalformed() {
        String noExpiry = TestTokens.sign(TestTokens.accessClaims(cognito, sub).expirationTime(null).build(),
                TestTokens.cognitoLocalKey());

        assertRefused(() -> authorizer.authorize("Bearer " + noExpiry), Reason.MALFORMED);
    }

    @Test
    void missingHeadersAndGarbageAreRefused() {
        String token = login().accessToken();
        assertRefused(() -> authorizer.authorize(null), Reason.MISSING_TOKEN);
        assertRefused(() -> authorizer.authorize(""), Reason.MISSING_TOKEN);
        assertRefused(() -> authorizer.authorize("Bearer   "), Reason.MISSING_TOKEN);
        assertRefused(() -> authorizer.authorize("Bearer"), Reason.MISSING_TOKEN);
        assertRefused(() -> authorizer.authorize(token), Reason.MALFORMED);
        assertRefused(() -> authorizer.authorize("Basic " + token), Reason.MALFORMED);
        assertRefused(() -> authorizer.authorize("Bearer garbage"), Reason.MALFORMED);
        assertRefused(() -> authorizer.authorize("Bearer a.b.c"), Reason.MALFORMED);
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + token.split("\\.")[1] + ".";
        assertRefused(() -> authorizer.authorize("Bearer " + unsigned), Reason.MALFORMED);
    }

    @Test
    void reasonsNeverCarryTheToken() {
        String token = login().accessToken();
        JwtAuthorizer expired = new JwtAuthorizer(cognito, clock, Duration.ofSeconds(1));
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> expired.authorize("Bearer " + token))
                .satisfies(e -> assertThat(e.toString()).doesNotContain(token).doesNotContain(sub));
    }

    private static void sleepIntoNextSecond() throws InterruptedException {
        long millis = Instant.now().toEpochMilli();
        Thread.sleep(1_000 - millis % 1_000 + 20);
    }
}
