package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.domain.common.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;

/**
 * The offers slice end to end: the started local platform, real cognito-local accounts and tokens, real
 * HTTP through the local gateway, the real handler against DynamoDB Local.
 */
class OffersEndToEndTest extends EndToEndTest {

    static String newUser(Role role) {
        return users.signUp(role);
    }

    static String tokenOf(String email) {
        return users.signIn(email).accessToken();
    }

    static String token(Role role) {
        return users.token(role);
    }

    static String offerJson(long priceCents) {
        return """
                {"title":"Guided city walk","description":"Old town, two hours","priceCents":%d,"currency":"EUR",
                 "durationMinutes":120,
                 "terms":[{"id":"t1","kind":"INTRO_MEETING","text":"We first meet at the café for 15 minutes"},
                          {"id":"t2","kind":"CONDUCT","text":"No alcohol"}],
                 "venue":{"name":"Café Central","lat":48.2104,"lon":16.3656,"radiusMeters":150},
                 "cancellationPolicy":{"freeUntilHours":48,"lateRefundPercent":50,"noCancelWithinHours":6}}
                """.formatted(priceCents);
    }

    /** DNS rebinding and cross-site requests from a browser on this machine reach no local route. */
    @Test
    void requestsNamingAForeignHostOrOrigin_areRefused_soAWebPageCannotMoveTheClockOrReadTheOutbox() throws Exception {
        String advance = "{\"seconds\":60}";
        assertThat(raw("POST /local/clock/advance", "Host: attacker.example:" + platform.gatewayUri().getPort(), advance))
                .startsWith("HTTP/1.1 403");
        assertThat(raw("GET /local/outbox?to=x", "Host: rebound.attacker.example", "")).startsWith("HTTP/1.1 403");
        assertThat(raw("POST /local/clock/advance", "Host: 127.0.0.1\r\nOrigin: https://attacker.example", advance))
                .startsWith("HTTP/1.1 403");
        assertThat(raw("GET /health", "Host: localhost:" + platform.gatewayUri().getPort()
                + "\r\nOrigin: http://localhost:3000", "")).startsWith("HTTP/1.1 200");
    }

    /** SPEC 2: nothing listens beyond loopback; every address of this machine but loopback is refused. */
    @Test
    void everyLocalService_refusesConnectionsOnTheMachinesOtherAddresses() throws Exception {
        List<java.net.InetAddress> outside = java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(outside.isEmpty(), "this machine has only loopback addresses");
        Map<String, Integer> services = Map.of("gateway", platform.gatewayUri().getPort(),
                "dynamodb", platform.dynamoDbPort(), "sqs", platform.sqsPort(), "cognito", platform.cognito().port());
        for (java.net.InetAddress address : outside) {
            services.forEach((name, port) -> assertThatThrownBy(() -> {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(address, port), 2_000);
                }
            }).as(name + " on " + address.getHostAddress() + ":" + port).isInstanceOf(java.io.IOException.class));
        }
    }

    /** One request on a plain socket, so the Host header is ours to choose; returns the status line onwards. */
    private static String raw(String requestLine, String headers, String body) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", platform.gatewayUri().getPort())) {
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\n" + headers + "\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void health_isUp_withEveryComponentUp() {
        Http.Reply health = http.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").properties())
                .extracting(Map.Entry::getKey)
                .contains("dynamodb", "sqs", "cognito", "keyring");
        health.json().get("components").forEach(c -> assertThat(c.asText()).isEqualTo("UP"));
    }

    @Test
    void provider_createsAnOffer_andAnyoneSignedIn_readsItBack_withPseudonymTrustAndFeePreview() {
        String provider = newUser(Role.PROVIDER);
        Http.Reply created = http.post("/v1/offers", tokenOf(provider), offerJson(12000));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String offerId = created.json().get("offerId").asText();
        assertThat(offerId).startsWith("off_");
        assertThat(created.header("location")).isEqualTo("/v1/offers/" + offerId);
        String termsVersion = created.json().get("termsVersion").asText();

        Http.Reply read = http.get("/v1/offers/" + offerId, token(Role.CUSTOMER));
        assertThat(read.status()).isEqualTo(200);
        JsonNode offer = read.json();
        assertThat(offer.get("termsVersion").asText()).isEqualTo(termsVersion);
        assertThat(offer.get("priceCents").asLong()).isEqualTo(12000);
        assertThat(offer.get("terms")).hasSize(2);
        assertThat(offer.at("/feePreview/bookingFeeCents").asLong()).isEqualTo(1200);
        assertThat(offer.at("/feePreview/totalCents").asLong()).isEqualTo(13200);
        assertThat(offer.at("/provider/pseudonym").asText()).startsWith("Pseudo provider-");
        assertThat(offer.at("/provider/trust/completedBookings").asInt()).isZero();
        // pseudonymous: nothing that identifies the provider leaves the API
        assertThat(read.body()).doesNotContain(provider).doesNotContain("providerId").doesNotContain("@");
    }

    @Test
    void put_changesTheOffer_andANewTermsVersion_onlyWhenTermsOrPolicyChange() {
        String token = token(Role.PROVIDER);
        JsonNode created = http.post("/v1/offers", token, offerJson(5000)).json();
        String id = created.get("offerId").asText();
        String v1 = created.get("termsVersion").asText();

        Http.Reply priceOnly = http.put("/v1/offers/" + id, token, offerJson(6000));
        assertThat(priceOnly.status()).isEqualTo(200);
        assertThat(priceOnly.json().get("priceCents").asLong()).isEqualTo(6000);
        assertThat(priceOnly.json().get("termsVersion").asText()).isEqualTo(v1);

        Http.Reply policyChanged = http.put("/v1/offers/" + id, token,
                offerJson(6000).replace("\"lateRefundPercent\":50", "\"lateRefundPercent\":40"));
        assertThat(policyChanged.status()).isEqualTo(200);
        assertThat(policyChanged.json().get("termsVersion").asText()).isNotEqualTo(v1);
        assertThat(http.get("/v1/offers/" + id, token).json().get("termsVersion").asText())
                .isEqualTo(policyChanged.json().get("termsVersion").asText());
    }

    @Test
    void idempotencyKey_replaysTheFirstResponse_andRefusesAnotherBody() {
        String token = token(Role.PROVIDER);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Reply first = http.post("/v1/offers", token, offerJson(7000), key);
        Http.Reply again = http.post("/v1/offers", token, offerJson(7000), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("offerId")).isEqualTo(first.json().get("offerId"));
        assertThat(again.header("idempotent-replayed")).isEqualTo("true");

        Http.Reply reused = http.post("/v1/offers", token, offerJson(7001), key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asText()).isEqualTo("idempotency_key_reused");
    }

    // --- authentication ---------------------------------------------------------------------------

    @Test
    void noToken_isUnauthorized() {
        assertThat(http.post("/v1/offers", null, offerJson(100)).status()).isEqualTo(401);
        assertThat(http.get("/v1/offers/off_x", null).status()).isEqualTo(401);
    }

    @Test
    void tamperedToken_isUnauthorized() {
        String token = token(Role.PROVIDER);
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"provider\"", "\"admin\"").replace("provider", "admin").getBytes());
        assertThat(forged).isNotEqualTo(parts[1]);
        assertThat(http.post("/v1/offers", parts[0] + "." + forged + "." + parts[2], offerJson(100)).status())
                .isEqualTo(401);
        assertThat(http.post("/v1/offers", token.substring(0, token.length() - 4) + "AAAA", offerJson(100)).status())
                .isEqualTo(401);
    }

    @Test
    void tokenFromAnotherUserPool_hasTheWrongIssuer_andIsUnauthorized() {
        var cognito = platform.cognito().client();
        String otherPool = cognito.createUserPool(r -> r.poolName("other")).userPool().id();
        String otherClient = cognito.createUserPoolClient(r -> r.userPoolId(otherPool).clientName("other")
                .explicitAuthFlowsWithStrings("ADMIN_USER_PASSWORD_AUTH")).userPoolClient().clientId();
        cognito.adminCreateUser(r -> r.userPoolId(otherPool).username("stranger@example.test")
                .messageAction("SUPPRESS"));
        cognito.adminSetUserPassword(r -> r.userPoolId(otherPool).username("stranger@example.test")
                .password(Users.PASSWORD).permanent(true));
        String foreign = cognito.adminInitiateAuth(AdminInitiateAuthRequest.builder().userPoolId(otherPool)
                .clientId(otherClient).authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "stranger@example.test", "PASSWORD", Users.PASSWORD)).build())
                .authenticationResult().accessToken();
        assertThat(http.post("/v1/offers", foreign, offerJson(100)).status()).isEqualTo(401);
    }

    @Test
    void expiredToken_isUnauthorized_andLoggingInAgainGivesAWorkingSession_afterTimeTravel() {
        String provider = newUser(Role.PROVIDER);
        String before = tokenOf(provider);
        assertThat(http.post("/v1/offers", before, offerJson(100)).status()).isEqualTo(201);

        assertThat(http.post("/local/clock/advance", null, "{\"seconds\":7200}").status()).isEqualTo(200);

        assertThat(http.post("/v1/offers", before, offerJson(100)).status()).isEqualTo(401);
        assertThat(http.post("/v1/offers", tokenOf(provider), offerJson(100)).status()).isEqualTo(201);
    }

    // --- bad input: one test per kind, each a 4xx problem with its code, never a 500 ----------------

    @Test
    void malformedJson_isMalformedJson() {
        assertProblem(http.post("/v1/offers", token(Role.PROVIDER), "{\"title\": \"x\","), 400, "malformed_json");
    }

    @Test
    void wrongTypes_areInvalidType_withTheFieldNamed() {
        Http.Reply reply = http.post("/v1/offers", token(Role.PROVIDER),
                offerJson(100).replace("\"priceCents\":100", "\"priceCents\":\"100\""));
        assertProblem(reply, 400, "invalid_type");
        assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo("priceCents");
    }

    @Test
    void negativePrice_isAnInvalidAmount() {
        assertProblem(http.post("/v1/offers", token(Role.PROVIDER), offerJson(-100)), 400, "invalid_amount");
    }

    @Test
    void unknownCurrency_isUnsupported() {
        assertProblem(http.post("/v1/offers", token(Role.PROVIDER),
                offerJson(100).replace("\"EUR\"", "\"XYZ\"")), 400, "unsupported_currency");
    }

    @Test
    void unknownEnumValue_andUnknownField_areNamed() {
        String token = token(Role.PROVIDER);
        assertProblem(http.post("/v1/offers", token, offerJson(100).replace("CONDUCT", "SOMETHING")), 400,
                "unknown_enum_value");
        Http.Reply typo = http.post("/v1/offers", token, offerJson(100).replace("\"title\"", "\"titel\""));
        assertProblem(typo, 400, "missing_field");
        assertThat(typo.json().get("errors").findValuesAsText("code")).contains("unknown_field");
        assertThat(typo.json().get("errors").findValuesAsText("field")).contains("titel");
    }

    @Test
    void aOneMebibyteBody_isTooLarge() {
        String huge = "{\"title\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(http.post("/v1/offers", token(Role.PROVIDER), huge), 400, "body_too_large");
    }

    @Test
    void aBodyOverTheGatewaysPayloadLimit_neverReachesTheFunction() {
        String tooBig = "x".repeat(LocalGateway.MAX_PAYLOAD_BYTES + 1);
        Http.Reply reply = http.post("/v1/offers", token(Role.PROVIDER), tooBig);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("message").asText()).isEqualTo("Request Entity Too Large");
    }

    @Test
    void wrongRole_isForbidden() {
        assertProblem(http.post("/v1/offers", token(Role.CUSTOMER), offerJson(100)), 403, "role_required");
    }

    @Test
    void someoneElsesOffer_onPut_isNotFound_andUnchanged() {
        String owner = token(Role.PROVIDER);
        String id = http.post("/v1/offers", owner, offerJson(100)).json().get("offerId").asText();
        assertProblem(http.put("/v1/offers/" + id, token(Role.PROVIDER), offerJson(1)), 404, "not_found");
        assertProblem(http.put("/v1/offers/off_doesnotexist", owner, offerJson(1)), 404, "not_found");
        assertThat(http.get("/v1/offers/" + id, owner).json().get("priceCents").asLong()).isEqualTo(100);
    }

    // --- local-only routes ---------------------------------------------------------------------------

    @Test
    void clock_movesForward_only() {
        long before = java.time.Instant.parse(http.get("/local/clock", null).json().get("now").asText())
                .getEpochSecond();
        Http.Reply moved = http.post("/local/clock/advance", null, "{\"seconds\":60}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(java.time.Instant.parse(moved.json().get("now").asText()).getEpochSecond())
                .isGreaterThanOrEqualTo(before + 60);
        assertProblem(http.post("/local/clock/advance", null, "{\"seconds\":-5}"), 400, "out_of_range");
        assertProblem(http.post("/local/clock/advance", null, "{\"seconds\":\"soon\"}"), 400, "invalid_type");
    }

    @Test
    void outbox_listsWhatWasSent_toOneAddress_newestLast() {
        platform.outbox().send("sms", "+4915100000001", "first", platform.clock().now());
        platform.outbox().send("sms", "+4915100000002", "other", platform.clock().now());
        platform.outbox().send("voice", "+4915100000001", "second", platform.clock().now().plus(Duration.ofSeconds(1)));
        JsonNode list = http.get("/local/outbox?to=%2B4915100000001", null).json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("text").asText()).isEqualTo("first");
        assertThat(list.get(1).get("channel").asText()).isEqualTo("voice");
    }

    @Test
    void unknownJob_isNotFound_andUnknownRoutes_too() {
        assertProblem(http.post("/local/jobs/nothing", null, ""), 404, "unknown_job");
        assertThat(http.get("/v1/nothing", token(Role.PROVIDER)).status()).isEqualTo(404);
    }

    static void assertProblem(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
        assertThat(reply.json().get("code").asText()).isEqualTo(code);
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.json().get("type").asText()).startsWith("https://");
    }
}
