package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.domain.common.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts for end-to-end tests, made and signed in over HTTP like a client would: signup, login, and the
 * MFA setup or challenge when the login asks for it, with TOTP codes computed from the platform clock.
 */
final class Users {

    static final String PASSWORD = "Correct-Horse-9!";

    /** A signed-in user. */
    record SignedIn(String email, String accessToken, String refreshToken, String deviceToken) {}

    private final LocalPlatform platform;
    private final Http http;
    private final TotpCodes totp = new TotpCodes();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> lastStep = new ConcurrentHashMap<>();
    private final Map<String, List<String>> recoveryCodes = new ConcurrentHashMap<>();
    /** Every e-mail, secret and code these users used: none of it may appear in any log. */
    private final java.util.Set<String> sensitive = ConcurrentHashMap.newKeySet();

    Users(LocalPlatform platform, Http http) {
        this.platform = platform;
        this.http = http;
    }

    String newEmail(Role role) {
        String email = role.groupName() + "-" + UUID.randomUUID() + "@example.test";
        sensitive.add(email);
        return email;
    }

    java.util.Set<String> sensitive() {
        java.util.Set<String> all = new java.util.HashSet<>(sensitive);
        all.add(PASSWORD);
        return all;
    }

    /** Remembers a value that must never be logged (codes a test made itself). */
    String sensitive(String value) {
        sensitive.add(value);
        return value;
    }

    /** Signs up over HTTP (customer, provider, merchant). */
    String signUp(Role role) {
        String email = newEmail(role);
        Http.Reply reply = http.post("/v1/auth/signup", null, """
                {"email":"%s","password":"%s","role":"%s","pseudonym":"Pseudo %s"}"""
                .formatted(email, PASSWORD, role.groupName(), email.substring(0, 12)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return email;
    }

    /** Creates an account in any role (admin, support) the way the seeded admin is made. */
    String create(Role role) {
        String email = newEmail(role);
        platform.createAccount(email, PASSWORD, role, "Staff " + email.substring(0, 12));
        return email;
    }

    /** Logs in and completes whatever second-factor step the login asks for. */
    SignedIn signIn(String email) {
        Http.Reply login = http.post("/v1/auth/login", null, credentials(email, PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode body = login.json();
        return switch (body.get("status").asText()) {
            case "AUTHENTICATED" -> signedIn(email, body);
            case "MFA_SETUP_REQUIRED" -> enrol(email, body.get("session").asText());
            case "MFA_REQUIRED" -> challenge(email, body.get("session").asText());
            default -> throw new AssertionError(body.toString());
        };
    }

    String token(Role role) {
        return signIn(role == Role.ADMIN || role == Role.SUPPORT ? create(role) : signUp(role)).accessToken();
    }

    SignedIn enrol(String email, String session) {
        Http.Reply setup = http.post("/v1/auth/mfa/setup", null, "{\"session\":\"" + session + "\"}");
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        String secret = sensitive(setup.json().get("secret").asText());
        secrets.put(email, secret);
        Http.Reply verify = http.post("/v1/auth/mfa/verify", null,
                "{\"session\":\"" + session + "\",\"code\":\"" + freshCode(email) + "\"}");
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        verify.json().get("recoveryCodes").forEach(c -> codes.add(sensitive(c.asText())));
        recoveryCodes.put(email, codes);
        return signedIn(email, verify.json());
    }

    SignedIn challenge(String email, String session) {
        Http.Reply reply = http.post("/v1/auth/mfa/challenge", null,
                "{\"session\":\"" + session + "\",\"code\":\"" + freshCode(email) + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return signedIn(email, reply.json());
    }

    /**
     * A TOTP code for platform time that was not used yet: codes are single-use per 30-second step, and the
     * server accepts one step of drift, so a second code within a step is the next step's.
     */
    String freshCode(String email) {
        String secret = secrets.get(email);
        Instant now = platform.clock().now();
        long step = now.getEpochSecond() / 30;
        long used = lastStep.getOrDefault(email, Long.MIN_VALUE);
        long chosen = step > used ? step : used + 1;
        if (chosen > step + 1) {
            throw new AssertionError("more than two codes in one 30-second step; advance the clock");
        }
        lastStep.put(email, chosen);
        return sensitive(totp.codeAt(secret, Instant.ofEpochSecond(chosen * 30)));
    }

    String secretOf(String email) {
        return secrets.get(email);
    }

    List<String> recoveryCodesOf(String email) {
        return recoveryCodes.get(email);
    }

    static String credentials(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static SignedIn signedIn(String email, JsonNode body) {
        assertThat(body.get("status").asText()).isEqualTo("AUTHENTICATED");
        JsonNode tokens = body.get("tokens");
        return new SignedIn(email, tokens.get("accessToken").asText(), tokens.get("refreshToken").asText(),
                body.path("deviceToken").asText(null));
    }
}
