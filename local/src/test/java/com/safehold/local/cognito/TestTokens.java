package com.safehold.local.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Mints tokens for the negative cases: with cognito-local's own (public) key, or with a key of our own. */
final class TestTokens {

    private TestTokens() {}

    /** cognito-local signs every token with this key; it ships in the npm package (local use only). */
    static RSAKey cognitoLocalKey() {
        Path file = Path.of("cognito-local/node_modules/cognito-local/lib/keys/cognitoLocal.private.json");
        try {
            Map<String, Object> json = JSONObjectUtils.parse(Files.readString(file));
            return RSAKey.parse(JSONObjectUtils.getJSONObject(json, "jwk"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey freshKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Access-token-shaped claims as cognito-local issues them, issued now (real time), valid for an hour. */
    static JWTClaimsSet.Builder accessClaims(CognitoLocal cognito, String sub) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(cognito.issuer())
                .subject(sub)
                .claim("client_id", cognito.clientId())
                .claim("token_use", "access")
                .claim("scope", "aws.cognito.signin.user.admin")
                .claim("cognito:groups", List.of("customer"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same token with one payload claim changed and the original signature kept. */
    static String withPayloadClaim(String token, String claim, Object value) {
        String[] parts = token.split("\\.");
        try {
            Map<String, Object> payload = JSONObjectUtils.parse(
                    new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8));
            payload.put(claim, value);
            String encoded = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(JSONObjectUtils.toJSONString(payload).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return parts[0] + "." + encoded + "." + parts[2];
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> payloadOf(String token) {
        try {
            return SignedJWT.parse(token).getPayload().toJSONObject();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
