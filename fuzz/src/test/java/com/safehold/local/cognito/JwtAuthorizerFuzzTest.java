package com.safehold.local.cognito;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.safehold.local.LocalClock;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local gateway's JWT authorizer ({@link JwtAuthorizer#authorize}) with a fuzzed {@code Authorization} header,
 * or with a token correctly signed by the pool's key around a fuzzed payload (so every claim check is reached:
 * issuer, token use, audience, times, scopes, and the rendering of every claim for the handler). It either
 * admits or refuses with {@link Unauthorized}; anything else would make the local gateway answer 500.
 */
class JwtAuthorizerFuzzTest {

    private static final String ISSUER = "http://127.0.0.1/local_pool";
    private static final String CLIENT = "fuzz-client";
    private static final RSAKey KEY;
    private static final JwtAuthorizer AUTHORIZER;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("fuzz-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start(); // lives as long as the test JVM
        Instant realNow = Instant.parse("2026-11-23T14:00:00Z");
        AUTHORIZER = new JwtAuthorizer(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json"),
                ISSUER, Set.of(CLIENT), new LocalClock(() -> realNow), new IssuedTokens(() -> realNow),
                Duration.ofMinutes(60));
    }

    static Stream<Arguments> samples() {
        long iat = Instant.parse("2026-11-23T13:59:00Z").getEpochSecond();
        String valid = "{\"sub\":\"0a1b2c3d\",\"iss\":\"" + ISSUER + "\",\"client_id\":\"" + CLIENT + "\","
                + "\"token_use\":\"access\",\"scope\":\"aws.cognito.signin.user.admin\",\"cognito:groups\":[\"customer\"],"
                + "\"jti\":\"7a2d3b0f\",\"iat\":" + iat + ",\"exp\":" + (iat + 3600) + ",\"auth_time\":" + iat + "}";
        return Stream.of(Arguments.of(null, valid, "Bearer "), Arguments.of(null, valid.replace("access", "id"), "bearer "),
                Arguments.of("Bearer abc.def.ghi", null, null), Arguments.of("Basic dXNlcjpwYXNz", null, null));
    }

    /**
     * @param header  the raw header; when null, a token signed by the pool's key is built around {@code payload}
     * @param prefix  what precedes the signed token in the header
     */
    @MethodSource("samples")
    @FuzzTest
    void authorize(String header, String payload, String prefix) {
        String authorization = header != null ? header : (prefix == null ? "" : prefix) + signed(payload);
        try {
            AuthorizerJwt jwt = AUTHORIZER.authorize(authorization);
            if (jwt.claims().containsValue(null)) {
                throw new AssertionError("a claim rendered as null");
            }
        } catch (Unauthorized refused) {
            // the gateway answers 401
        }
    }

    private static String signed(String payload) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                    new Payload(payload == null ? "" : payload));
            jws.sign(new RSASSASigner(KEY));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
