package com.safehold.offers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.api.Json;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.UserId;
import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The offers handler with the sample events from {@code events/} (loaded as the Lambda runtime loads them)
 * against DynamoDB Local.
 */
class OffersApiHandlerTest {

    private final TestDeployment deployment = new TestDeployment();
    private final OffersApiHandler handler = new OffersApiHandler(deployment);
    private final DynamoDbProfileDirectory profiles =
            new DynamoDbProfileDirectory(deployment.dynamoDb(), Tables.USERS.name());

    /** A sample event from {@code events/}, its caller signed in (a live session in the registry). */
    APIGatewayV2HTTPEvent event(String file) {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("../../events/" + file);
        Map<String, String> claims = new HashMap<>(e.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("jti", deployment.signIn(claims.get("sub")));
        e.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return e;
    }

    /** The sample create event, as a fresh provider (with a profile) and a fresh idempotency key. */
    private APIGatewayV2HTTPEvent createAsNewProvider() {
        String sub = UUID.randomUUID().toString();
        profiles.save(new PublicProfile(new UserId(sub), "Walker", new Trust(true, 12, 1)));
        APIGatewayV2HTTPEvent e = event("offers-create.json");
        e.getRequestContext().getAuthorizer().getJwt().setClaims(
                new HashMap<>(Map.of("sub", sub, "cognito:groups", "[provider]", "jti", deployment.signIn(sub))));
        e.getHeaders().put("idempotency-key", UUID.randomUUID().toString());
        return e;
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    @Test
    void theSampleCreateEvent_createsAnOffer_andTheSampleGetEvent_readsIt() throws Exception {
        APIGatewayV2HTTPResponse created = handler.handleRequest(createAsNewProvider(), null);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String offerId = json(created).get("offerId").asText();

        APIGatewayV2HTTPEvent get = event("offers-get.json");
        get.getPathParameters().put("id", offerId);
        APIGatewayV2HTTPResponse read = handler.handleRequest(get, null);
        assertThat(read.getStatusCode()).isEqualTo(200);
        JsonNode offer = json(read);
        assertThat(offer.get("offerId").asText()).isEqualTo(offerId);
        assertThat(offer.at("/provider/pseudonym").asText()).isEqualTo("Walker");
        assertThat(offer.at("/provider/trust/phoneVerified").asBoolean()).isTrue();
        assertThat(offer.at("/provider/trust/noShows").asInt()).isEqualTo(1);
        assertThat(offer.at("/venue/radiusMeters").asInt()).isEqualTo(150);
        assertThat(offer.get("createdAt").asText()).isEqualTo("2026-11-23T14:00:00Z");
    }

    @Test
    void feePreview_followsTheBookingFeeSetting_withinAMinuteOfAnAdminChangingIt() throws Exception {
        APIGatewayV2HTTPResponse created = handler.handleRequest(createAsNewProvider(), null);
        APIGatewayV2HTTPEvent get = event("offers-get.json");
        get.getPathParameters().put("id", json(created).get("offerId").asText());
        assertThat(json(handler.handleRequest(get, null)).at("/feePreview/bookingFeeCents").asLong()).isEqualTo(1200);
        var settings = new DynamoDbSettingsSource(deployment.dynamoDb(), Tables.SETTINGS.name());
        try {
            settings.save(PlatformSettings.DEFAULTS.withBookingFeePercent(15));
            deployment.advance(Duration.ofSeconds(31)); // past the handler's 30-second settings cache (SPEC 4.2)
            JsonNode fee = json(handler.handleRequest(get, null)).get("feePreview");
            assertThat(fee.get("bookingFeeCents").asLong()).isEqualTo(1800);
            assertThat(fee.get("totalCents").asLong()).isEqualTo(13800);
        } finally {
            settings.save(PlatformSettings.DEFAULTS);
        }
    }

    @Test
    void aProviderWithoutProfile_cannotPublish() throws Exception {
        APIGatewayV2HTTPEvent e = event("offers-create.json");
        String stranger = UUID.randomUUID().toString();
        e.getRequestContext().getAuthorizer().getJwt().getClaims().put("sub", stranger);
        e.getRequestContext().getAuthorizer().getJwt().getClaims().put("jti", deployment.signIn(stranger));
        e.getHeaders().remove("idempotency-key");
        APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
        assertThat(r.getStatusCode()).isEqualTo(409);
        assertThat(json(r).get("code").asText()).isEqualTo("profile_required");
    }

    @Test
    void anUnknownOffer_andAMissingCaller_answerProblems_notErrors() throws Exception {
        APIGatewayV2HTTPEvent get = event("offers-get.json");
        get.getPathParameters().put("id", "off_unknown");
        APIGatewayV2HTTPResponse missing = handler.handleRequest(get, null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getHeaders()).containsEntry("content-type", "application/problem+json");

        get.getRequestContext().setAuthorizer(null);
        assertThat(handler.handleRequest(get, null).getStatusCode()).isEqualTo(401);
    }

    @Test
    void anUnexpectedFailure_isA500Problem_withoutDetails_andTheLogNamesOnlyItsType() throws Exception {
        TestDeployment broken = new TestDeployment() {
            @Override
            public String tableName(com.safehold.catalog.TableDef table) {
                return table == Tables.OFFERS ? "no-such-table" : table.name();
            }
        };
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.out;
        APIGatewayV2HTTPResponse r;
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            APIGatewayV2HTTPEvent get = event("offers-get.json");
            r = new OffersApiHandler(broken).handleRequest(get, null);
        } finally {
            System.setOut(original);
        }
        assertThat(r.getStatusCode()).isEqualTo(500);
        assertThat(json(r).get("code").asText()).isEqualTo("internal_error");
        assertThat(r.getBody()).doesNotContain("no-such-table").doesNotContain("Exception");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"level\":\"ERROR\"")
                .contains("ResourceNotFoundException").doesNotContain("no-such-table");
    }

    @Test
    void logs_carryNoPersonalData_fromTheRequest() {
        APIGatewayV2HTTPEvent e = createAsNewProvider();
        e.setBody(e.getBody().replace("Two hours through the old town",
                "Call me on +49 151 2345678 or jane.doe@example.com"));
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            assertThat(handler.handleRequest(e, null).getStatusCode()).isEqualTo(201);
        } finally {
            System.setOut(original);
        }
        String lines = logs.toString(StandardCharsets.UTF_8);
        assertThat(lines).contains("\"route\":\"POST /v1/offers\"").contains("\"status\":201")
                .doesNotContain("jane.doe").doesNotContain("2345678").doesNotContain("Walker");
    }
}
