package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.safehold.api.Json;
import com.safehold.catalog.Catalog;
import com.safehold.domain.common.Role;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Accounts and login security end to end (SPEC 4.1, 4.2): the started local platform, real HTTP through the
 * local gateway, cognito-local accounts, TOTP codes computed here from the platform clock. Tests that change
 * the settings put the defaults back before they end. Everything the platform prints while this class runs is
 * captured, and the last test proves no e-mail, password, secret or code of these tests reached it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthEndToEndTest {

    static LocalPlatform platform;
    static Http http;
    static Users users;
    static final CapturedOutput captured = new CapturedOutput();

    @BeforeAll
    static void start() throws Exception {
        captured.install();
        platform = LocalPlatform.start(LocalConfig.ephemeral(), Catalog.safehold());
        http = new Http(platform.gatewayUri());
        users = new Users(platform, http);
    }

    @AfterAll
    static void stop() {
        platform.close();
        captured.uninstall();
    }

    // --- the MFA journey of the acceptance list ------------------------------------------------------------

    @Test
    @Order(1)
    void provider_enrolsTotpAtFirstLogin_logsOutAndBackIn_andUsesARecoveryCodeOnce() throws Exception {
        String email = users.signUp(Role.PROVIDER);

        Http.Reply login = login(email, Users.PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("status").asText()).isEqualTo("MFA_SETUP_REQUIRED");
        assertThat(login.json().has("tokens")).isFalse();
        String session = login.json().get("session").asText();

        Http.Reply setup = http.post("/v1/auth/mfa/setup", null, "{\"session\":\"" + session + "\"}");
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        String secret = users.sensitive(setup.json().get("secret").asText());
        String uri = setup.json().get("otpauthUri").asText();
        assertThat(uri).startsWith("otpauth://totp/Safehold:").contains("secret=" + secret).contains("issuer=Safehold")
                .doesNotContain(email).doesNotContain("%40");
        assertThat(decodeQr(setup.json().get("qrPng").asText())).isEqualTo(uri);
        assertThat(setup.json().get("session").asText()).isEqualTo(session);

        Http.Reply wrongSetupCode = http.post("/v1/auth/mfa/verify", null,
                "{\"session\":\"" + session + "\",\"code\":\"" + wrongCode(secret) + "\"}");
        assertProblem(wrongSetupCode, 401, "invalid_mfa_code");

        String code = users.sensitive(new com.safehold.adapters.otp.TotpCodes().codeAt(secret, platform.clock().now()));
        Http.Reply verify = http.post("/v1/auth/mfa/verify", null,
                "{\"session\":\"" + session + "\",\"code\":\"" + code + "\"}");
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        List<String> recovery = recoveryCodes(verify.json());
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        String token = verify.json().at("/tokens/accessToken").asText();
        assertThat(http.post("/v1/offers", token, OffersEndToEndTest.offerJson(5000)).status()).isEqualTo(201);
        assertProblem(http.post("/v1/auth/mfa/verify", null,
                "{\"session\":\"" + session + "\",\"code\":\"" + code + "\"}"), 401, "invalid_session");

        assertThat(http.post("/v1/auth/logout", token, "").status()).isEqualTo(204);
        assertProblem(http.post("/v1/offers", token, OffersEndToEndTest.offerJson(5000)), 401, "session_ended");

        Http.Reply again = login(email, Users.PASSWORD);
        assertThat(again.json().get("status").asText()).isEqualTo("MFA_REQUIRED");
        String challengeSession = again.json().get("session").asText();
        assertProblem(challenge(challengeSession, wrongCode(secret)), 401, "invalid_mfa_code");
        assertProblem(challenge(challengeSession, code), 401, "invalid_mfa_code"); // the setup's code: a replay

        advanceSeconds(30); // a fresh time step
        String fresh = users.sensitive(new com.safehold.adapters.otp.TotpCodes().codeAt(secret, platform.clock().now()));
        Http.Reply authenticated = challenge(challengeSession, fresh);
        assertThat(authenticated.status()).as(authenticated.body()).isEqualTo(200);
        assertThat(authenticated.json().get("status").asText()).isEqualTo("AUTHENTICATED");
        String second = authenticated.json().at("/tokens/accessToken").asText();
        assertThat(http.post("/v1/offers", second, OffersEndToEndTest.offerJson(5000)).status()).isEqualTo(201);
        assertProblem(challenge(challengeSession, fresh), 401, "invalid_session"); // a session completes once

        String recoveryCode = recovery.get(3);
        Http.Reply viaRecovery = challenge(login(email, Users.PASSWORD).json().get("session").asText(),
                recoveryCode.toLowerCase());
        assertThat(viaRecovery.status()).as(viaRecovery.body()).isEqualTo(200);
        assertThat(viaRecovery.json().get("status").asText()).isEqualTo("AUTHENTICATED");
        assertProblem(challenge(login(email, Users.PASSWORD).json().get("session").asText(), recoveryCode),
                401, "invalid_mfa_code");
    }

    @Test
    @Order(2)
    void mfaSetupWithABearerToken_enrolsAnOptionalFactor_andLaterLoginsAskForIt() {
        String email = users.signUp(Role.CUSTOMER); // MFA optional: the first login signs in at once
        Users.SignedIn customer = users.signIn(email);
        assertProblem(http.post("/v1/auth/mfa/verify", customer.accessToken(), "{\"code\":\"123456\"}"), 409,
                "mfa_setup_not_started");
        Http.Reply setup = http.post("/v1/auth/mfa/setup", customer.accessToken(), "");
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        assertThat(setup.json().has("session")).isFalse();
        String secret = users.sensitive(setup.json().get("secret").asText());
        String code = users.sensitive(new com.safehold.adapters.otp.TotpCodes().codeAt(secret, platform.clock().now()));
        Http.Reply verify = http.post("/v1/auth/mfa/verify", customer.accessToken(), "{\"code\":\"" + code + "\"}");
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        assertThat(recoveryCodes(verify.json())).hasSize(10);
        assertThat(verify.json().has("tokens")).isFalse();

        assertThat(login(email, Users.PASSWORD).json().get("status").asText()).isEqualTo("MFA_REQUIRED");
        assertProblem(http.post("/v1/auth/mfa/setup", customer.accessToken(), ""), 409, "mfa_already_enrolled");
    }

    @Test
    @Order(2)
    void theSeededAdmin_mustEnrolMfaAtFirstLogin() {
        LocalConfig config = LocalConfig.ephemeral();
        Http.Reply login = login(config.adminEmail(), config.adminPassword());
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("status").asText()).isEqualTo("MFA_SETUP_REQUIRED");
    }

    @Test
    @Order(2)
    void concurrentChallengesWithOneSession_signInExactlyOnce() throws Exception {
        String email = users.signUp(Role.PROVIDER);
        users.signIn(email); // enrols
        advanceSeconds(30);
        String session = login(email, Users.PASSWORD).json().get("session").asText();
        String code = users.freshCode(email);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(pool.submit(() -> challenge(session, code).status()));
            }
            int ok = 0;
            for (var status : statuses) {
                int value = status.get();
                assertThat(value).isIn(200, 401, 423); // every attempt is counted before it is checked
                ok += value == 200 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- lockout -------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void afterMaxFailedAttempts_theRightPasswordIsLocked_untilTheLockTimeHasPassed() {
        JsonNode lockout = settings().get("lockout");
        int max = lockout.get("maxFailedAttempts").asInt();
        int lockMinutes = lockout.get("lockMinutes").asInt();
        String email = users.signUp(Role.CUSTOMER);

        Http.Reply firstWrong = login(email, "Wrong-Password-1!");
        String unknown = users.newEmail(Role.CUSTOMER);
        Http.Reply unknownEmail = login(unknown, "Wrong-Password-1!");
        assertThat(unknownEmail.status()).isEqualTo(firstWrong.status()).isEqualTo(401);
        assertThat(unknownEmail.body()).isEqualTo(firstWrong.body());
        assertThat(unknownEmail.header("content-type")).isEqualTo(firstWrong.header("content-type"));
        assertProblem(firstWrong, 401, "invalid_credentials");

        for (int attempt = 2; attempt <= max; attempt++) {
            assertProblem(login(email, "Wrong-Password-" + attempt + "!"), 401, "invalid_credentials");
        }
        Http.Reply locked = login(email, Users.PASSWORD);
        assertProblem(locked, 423, "account_locked");
        long retryAfter = locked.json().get("retryAfterSeconds").asLong();
        assertThat(retryAfter).isBetween(1L, lockMinutes * 60L);
        assertThat(locked.header("retry-after")).isEqualTo(Long.toString(retryAfter));

        for (int attempt = 2; attempt <= max; attempt++) { // unknown e-mails lock exactly the same way
            login(unknown, "Wrong-Password-" + attempt + "!");
        }
        Http.Reply unknownLocked = login(unknown, Users.PASSWORD);
        assertThat(unknownLocked.status()).isEqualTo(423);
        assertThat(unknownLocked.json().properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyElementsOf(locked.json().properties().stream().map(java.util.Map.Entry::getKey).toList());

        advanceSeconds(lockMinutes * 60L + 1);
        Http.Reply unlocked = login(email, Users.PASSWORD);
        assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);
        assertThat(unlocked.json().get("status").asText()).isEqualTo("AUTHENTICATED");
    }

    @Test
    @Order(4)
    void theOwnersTrustedDevice_stillLogsIn_whileAnAttackerKeepsTheAccountLocked() {
        int max = settings().at("/lockout/maxFailedAttempts").asInt();
        String email = users.signUp(Role.CUSTOMER);
        String deviceToken = users.signIn(email).deviceToken();
        assertThat(deviceToken).isNotBlank();

        for (int attempt = 1; attempt <= max; attempt++) {
            login(email, "Attacker-Guess-" + attempt + "!");
        }
        assertProblem(login(email, Users.PASSWORD), 423, "account_locked");

        Http.Reply owner = http.post("/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\""
                + Users.PASSWORD + "\",\"deviceToken\":\"" + deviceToken + "\"}");
        assertThat(owner.status()).as(owner.body()).isEqualTo(200);
        assertThat(owner.json().get("status").asText()).isEqualTo("AUTHENTICATED");

        Http.Reply stolenDevice = http.post("/v1/auth/login", null, "{\"email\":\"" + users.signUp(Role.CUSTOMER)
                + "\",\"password\":\"" + Users.PASSWORD + "\",\"deviceToken\":\"" + deviceToken + "\"}");
        assertThat(stolenDevice.status()).isEqualTo(200); // another account: the token is simply not trusted there
    }

    // --- settings change the rules within a minute ---------------------------------------------------------

    @Test
    @Order(5)
    void changedSettings_changeThePasswordRulesAndTheLockout_withinAMinute() {
        String admin = adminToken();
        String email = users.signUp(Role.CUSTOMER);
        try {
            changeSettings(admin, s -> {
                ((ObjectNode) s.get("passwordPolicy")).put("minLength", 20);
                ((ObjectNode) s.get("lockout")).put("maxFailedAttempts", 3).put("lockMinutes", 2);
            });
            advanceSeconds(61);

            Http.Reply weak = signup(users.newEmail(Role.CUSTOMER), "short");
            assertProblem(weak, 400, "password_policy");
            assertThat(weak.json().get("violations")).extracting(JsonNode::asText)
                    .containsExactly("min_length", "uppercase", "digit", "symbol");
            assertThat(signup(users.newEmail(Role.CUSTOMER), Users.PASSWORD).json().get("violations"))
                    .extracting(JsonNode::asText).containsExactly("min_length");

            for (int attempt = 1; attempt <= 3; attempt++) {
                assertProblem(login(email, "Wrong-Password-" + attempt + "!"), 401, "invalid_credentials");
            }
            Http.Reply locked = login(email, Users.PASSWORD);
            assertProblem(locked, 423, "account_locked");
            assertThat(locked.json().get("retryAfterSeconds").asLong()).isBetween(1L, 120L);
        } finally {
            changeSettings(admin, s -> { // the admin signed in before: new accounts would need the new rules
                ((ObjectNode) s.get("passwordPolicy")).put("minLength", 12);
                ((ObjectNode) s.get("lockout")).put("maxFailedAttempts", 5).put("lockMinutes", 15);
            });
            advanceSeconds(61);
        }
    }

    @Test
    @Order(6)
    void passwordChange_refusesARecentPassword_thenEndsEverySession() {
        String email = users.signUp(Role.CUSTOMER);
        String token = users.signIn(email).accessToken();
        Http.Reply reuse = http.post("/v1/auth/password", token,
                "{\"currentPassword\":\"" + Users.PASSWORD + "\",\"newPassword\":\"" + Users.PASSWORD + "\"}");
        assertProblem(reuse, 400, "password_policy");
        assertThat(reuse.json().get("violations")).extracting(JsonNode::asText).containsExactly("history");
        // decision 0022: a key makes a retry answer as the first did, and refuses another body under it
        Map<String, String> wrongKey = Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString());
        String wrongCurrent = "{\"currentPassword\":\"Not-The-Password-1!\",\"newPassword\":\"" + Users.PASSWORD + "\"}";
        assertProblem(http.post("/v1/auth/password", token, wrongCurrent, wrongKey),
                403, "invalid_current_password"); // without the current password, no word on the history
        Http.Reply wrongAgain = http.post("/v1/auth/password", token, wrongCurrent, wrongKey);
        assertProblem(wrongAgain, 403, "invalid_current_password");
        assertThat(wrongAgain.header("idempotent-replayed")).isEqualTo("true");

        String next = users.sensitive("Brand-New-Secret-7?");
        String change = "{\"currentPassword\":\"" + Users.PASSWORD + "\",\"newPassword\":\"" + next + "\"}";
        assertProblem(http.post("/v1/auth/password", token, change, wrongKey), 422, "idempotency_key_reused");
        Map<String, String> changeKey = Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString());
        assertThat(http.post("/v1/auth/password", token, change, changeKey).status()).isEqualTo(204);
        // a retry of the change meets the ended session before any replay: nothing to leak, nothing applied
        assertProblem(http.post("/v1/auth/password", token, change, changeKey), 401, "session_ended");
        try (var raw = com.safehold.adapters.AwsClients.dynamoDb(com.safehold.adapters.AwsClients.local(
                java.net.URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
            assertThat(raw.scanPaginator(r -> r.tableName("idempotency")).items().stream().map(Object::toString))
                    .as("the idempotency records of these changes").hasSizeGreaterThanOrEqualTo(2)
                    .noneMatch(item -> item.contains(next) || item.contains(Users.PASSWORD)
                            || item.contains("Not-The-Password-1!"));
        }
        assertProblem(http.post("/v1/offers", token, "{}"), 401, "session_ended");
        assertProblem(login(email, Users.PASSWORD), 401, "invalid_credentials");
        assertThat(login(email, next).json().get("status").asText()).isEqualTo("AUTHENTICATED");
    }

    @Test
    @Order(7)
    void refresh_givesAWorkingToken_andLogoutRevokesTheRefreshTokenToo() {
        Users.SignedIn customer = users.signIn(users.signUp(Role.CUSTOMER));
        Http.Reply refreshed = refresh(customer.refreshToken());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String newToken = refreshed.json().at("/tokens/accessToken").asText();
        assertThat(newToken).isNotEqualTo(customer.accessToken());
        assertThat(http.get("/v1/offers/off_missing", newToken).status()).isEqualTo(404);

        assertThat(http.post("/v1/auth/logout", newToken, "").status()).isEqualTo(204);
        assertProblem(refresh(customer.refreshToken()), 401, "invalid_refresh_token");
        assertProblem(http.get("/v1/offers/off_missing", customer.accessToken()), 401, "session_ended");
    }

    // --- HIPAA mode ----------------------------------------------------------------------------------------

    @Test
    @Order(8)
    void hipaaMode_forcesMfaOnCustomers_endsIdleSessions_andDeniesSupport() {
        String admin = adminToken();
        try {
            Http.Reply on = changeSettings(admin, s -> s.put("hipaaMode", true));
            assertThat(on.json().at("/effective/sessionTimeoutMinutes").asInt()).isEqualTo(15);
            assertThat(on.json().at("/effective/mfaRequired/customer").asBoolean()).isTrue();
            advanceSeconds(61);

            String email = users.signUp(Role.CUSTOMER);
            Http.Reply login = login(email, Users.PASSWORD);
            assertThat(login.json().get("status").asText()).isEqualTo("MFA_SETUP_REQUIRED");
            Users.SignedIn customer = users.enrol(email, login.json().get("session").asText());
            assertThat(refresh(customer.refreshToken()).status()).isEqualTo(200);

            advanceSeconds(16 * 60);
            assertProblem(refresh(customer.refreshToken()), 401, "session_expired");
            assertProblem(http.get("/v1/offers/off_missing", customer.accessToken()), 401, "session_expired");

            String support = users.token(Role.SUPPORT);
            assertProblem(http.get("/v1/offers/off_missing", support), 403, "support_access_denied");
        } finally {
            changeSettings(adminToken(), s -> s.put("hipaaMode", false));
            advanceSeconds(61);
        }
    }

    // --- bad input -----------------------------------------------------------------------------------------

    @Test
    @Order(9)
    void badInput_toEveryAuthRoute_isA4xxProblem_neverA500() {
        for (String route : List.of("/v1/auth/signup", "/v1/auth/login", "/v1/auth/mfa/setup",
                "/v1/auth/mfa/verify", "/v1/auth/mfa/challenge", "/v1/auth/refresh")) {
            assertProblem(http.post(route, null, "{\"email\":"), 400, "malformed_json");
            assertThat(http.post(route, null, "[]").status()).as(route).isEqualTo(400);
            assertThat(http.post(route, null, "{\"unexpected\":1}").status()).as(route).isBetween(400, 401);
        }
        assertProblem(http.post("/v1/auth/login", null, "{}"), 400, "missing_field");
        assertProblem(http.post("/v1/auth/login", null, "{\"email\":1,\"password\":true}"), 400, "invalid_type");
        assertProblem(signupAs("admin"), 400, "role_not_allowed");
        assertProblem(signupAs("superuser"), 400, "role_not_allowed");
        assertProblem(http.post("/v1/auth/signup", null, "{\"email\":\"not-an-email\",\"password\":\"" + Users.PASSWORD
                + "\",\"role\":\"customer\",\"pseudonym\":\"Ann\"}"), 400, "invalid_email");
        assertProblem(http.post("/v1/auth/signup", null, "{\"email\":\"" + users.newEmail(Role.CUSTOMER)
                + "\",\"password\":\"" + Users.PASSWORD + "\",\"role\":\"customer\",\"pseudonym\":\"Ann\","
                + "\"phone\":\"12345\"}"), 400, "invalid_phone");
        assertProblem(http.post("/v1/auth/signup", null, "{\"email\":\"" + users.newEmail(Role.CUSTOMER)
                + "\",\"password\":\"" + "A1!a".repeat(70) + "\",\"role\":\"customer\",\"pseudonym\":\"Ann\"}"),
                400, "password_too_long");
        String taken = users.signUp(Role.CUSTOMER);
        assertProblem(signup(taken, "Other-Password-42!"), 409, "email_taken");
        assertThat(signup(taken, Users.PASSWORD).status()).isEqualTo(201); // a retried signup: same answer

        assertProblem(http.post("/v1/auth/mfa/challenge", null, "{\"session\":\"nope\",\"code\":\"123456\"}"),
                401, "invalid_session");
        assertProblem(http.post("/v1/auth/mfa/setup", null, ""), 401, "invalid_session");
        assertProblem(http.post("/v1/auth/mfa/setup", "not.a.token", ""), 401, "unauthorized");
        assertProblem(refresh("unknown-refresh-token"), 401, "invalid_refresh_token");
        assertThat(http.post("/v1/auth/logout", null, "").status()).isEqualTo(401);

        String customer = users.token(Role.CUSTOMER);
        assertProblem(http.get("/v1/admin/settings", customer), 403, "role_required");
        Http.Reply invalidSettings = http.put("/v1/admin/settings", adminToken(),
                settings().deepCopy().put("bookingFeePercent", -1).toString());
        assertProblem(invalidSettings, 400, "out_of_range");

        String admin = adminToken();
        Http.Reply read = http.get("/v1/admin/settings", admin);
        String etag = read.header("etag");
        assertThat(etag).matches("\"[0-9]+\"");
        ObjectNode unchanged = (ObjectNode) read.json();
        unchanged.remove("effective");
        Http.Reply first = http.put("/v1/admin/settings", admin, unchanged.toString(), Map.of("if-match", etag));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.header("etag")).isNotEqualTo(etag);
        assertProblem(http.put("/v1/admin/settings", admin, unchanged.toString(), Map.of("if-match", etag)), 412,
                "precondition_failed"); // a second admin with the old version
        assertThat(invalidSettings.json().at("/errors/0/field").asText()).isEqualTo("bookingFeePercent");
    }

    @Test
    @Order(10)
    void theSampleEvents_areAnsweredByTheAuthHandler_asInLambda() throws Exception {
        var handler = platform.handler(com.safehold.catalog.Functions.AUTH, com.safehold.auth.AuthApiHandler.class);
        var signup = EventLoader.loadApiGatewayHttpEvent("../events/auth-signup.json");
        String email = users.newEmail(Role.CUSTOMER);
        signup.setBody(signup.getBody().replace("ann@example.com", email));
        assertThat(handler.handleRequest(signup, null).getStatusCode()).isEqualTo(201);

        var login = EventLoader.loadApiGatewayHttpEvent("../events/auth-login.json");
        login.setBody(login.getBody().replace("ann@example.com", email));
        var loggedIn = handler.handleRequest(login, null);
        assertThat(loggedIn.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(loggedIn.getBody()).get("status").asText()).isEqualTo("AUTHENTICATED");

        var challenge = EventLoader.loadApiGatewayHttpEvent("../events/auth-mfa-challenge.json");
        assertThat(handler.handleRequest(challenge, null).getStatusCode()).isEqualTo(401); // no such session

        String admin = adminToken();
        var put = EventLoader.loadApiGatewayHttpEvent("../events/admin-settings-put.json");
        put.getRequestContext().getAuthorizer().getJwt().setClaims(claimsOf(admin));
        assertThat(handler.handleRequest(put, null).getStatusCode()).isEqualTo(200);

        var logout = EventLoader.loadApiGatewayHttpEvent("../events/auth-logout.json");
        assertThat(handler.handleRequest(logout, null).getStatusCode()).as("an unknown session").isEqualTo(401);
        logout.getRequestContext().getAuthorizer().getJwt().setClaims(claimsOf(admin));
        assertThat(handler.handleRequest(logout, null).getStatusCode()).isEqualTo(204);
        assertProblem(http.get("/v1/admin/settings", admin), 401, "session_ended");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theLogsOfThisWholeClass_containNoEmailPasswordSecretOrCode() {
        String logs = captured.text();
        assertThat(logs).contains("\"route\":\"POST /v1/auth/login\""); // the capture did see the platform's logs
        Set<String> sensitive = new HashSet<>(users.sensitive());
        for (String value : sensitive) {
            if (value.matches("[0-9]{6}")) {
                assertThat(logs).as("a TOTP code").doesNotContain("\"" + value + "\"").doesNotContain(":" + value + ",");
            } else {
                assertThat(logs).as("a secret of this test").doesNotContain(value);
            }
        }
        assertThat(logs).doesNotContain("@example.test");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static Http.Reply login(String email, String password) {
        return http.post("/v1/auth/login", null, Users.credentials(email, password));
    }

    private static Http.Reply challenge(String session, String code) {
        return http.post("/v1/auth/mfa/challenge", null, "{\"session\":\"" + session + "\",\"code\":\"" + code + "\"}");
    }

    private static Http.Reply refresh(String refreshToken) {
        return http.post("/v1/auth/refresh", null, "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    private static Http.Reply signup(String email, String password) {
        return http.post("/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"role\":\"customer\",\"pseudonym\":\"Ann Example\"}");
    }

    private static Http.Reply signupAs(String role) {
        return http.post("/v1/auth/signup", null, "{\"email\":\"" + users.newEmail(Role.CUSTOMER) + "\",\"password\":\""
                + Users.PASSWORD + "\",\"role\":\"" + role + "\",\"pseudonym\":\"Ann\"}");
    }

    /** What the gateway's authorizer would hand the handler for this token. */
    private static java.util.Map<String, String> claimsOf(String accessToken) throws Exception {
        JsonNode payload = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        return new java.util.HashMap<>(java.util.Map.of("sub", payload.get("sub").asText(),
                "jti", payload.get("jti").asText(), "cognito:groups", "[admin]"));
    }

    private static String adminToken() {
        return users.token(Role.ADMIN);
    }

    private static ObjectNode settings() {
        return settings(adminToken());
    }

    private static ObjectNode settings(String adminToken) {
        Http.Reply reply = http.get("/v1/admin/settings", adminToken);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        ObjectNode document = (ObjectNode) reply.json();
        document.remove("effective");
        return document;
    }

    private static Http.Reply changeSettings(String adminToken, Consumer<ObjectNode> change) {
        ObjectNode document = settings(adminToken);
        change.accept(document);
        Http.Reply reply = http.put("/v1/admin/settings", adminToken, document.toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private static void advanceSeconds(long seconds) {
        assertThat(http.post("/local/clock/advance", null, "{\"seconds\":" + seconds + "}").status()).isEqualTo(200);
    }

    private static List<String> recoveryCodes(JsonNode body) {
        List<String> codes = new java.util.ArrayList<>();
        body.get("recoveryCodes").forEach(c -> codes.add(users.sensitive(c.asText())));
        return codes;
    }

    /** A six-digit code that is not valid in the current window. */
    private static String wrongCode(String secret) {
        var totp = new com.safehold.adapters.otp.TotpCodes();
        var now = platform.clock().now();
        Set<String> valid = Set.of(totp.codeAt(secret, now.minusSeconds(30)), totp.codeAt(secret, now),
                totp.codeAt(secret, now.plusSeconds(30)));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    private static String decodeQr(String base64Png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64Png)));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
    }

    static void assertProblem(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
        assertThat(reply.json().get("code").asText()).as(reply.body()).isEqualTo(code);
    }
}
