package com.safehold.local;

import static com.safehold.local.AuthEndToEndTest.assertProblem;
import static com.safehold.local.BookingEndToEndTest.advance;
import static com.safehold.local.BookingEndToEndTest.awaitBooking;
import static com.safehold.local.BookingEndToEndTest.book;
import static com.safehold.local.BookingEndToEndTest.bookingJson;
import static com.safehold.local.BookingEndToEndTest.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Role;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SPEC 4.10 on the local platform: export, then the purge, then the purge again. */
class PurgeEndToEndTest extends EndToEndTest {

    /** What a purged booking may still hold: its accounting record. */
    private static final Set<String> ACCOUNTING = Set.of("bookingId", "offerId", "customerId", "providerId", "startsAt",
            "endsAt", "status", "currency", "priceCents", "bookingFeeCents", "escrow", "version", "ledgerHead",
            "purgedAt", "expiresAt");

    @Test
    void closedBookingsLoseTheirPersonalData_openOnesAreHeldBack_theExportKeptEverything_andASecondRunChangesNothing() {
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        assertProblem(http.put("/v1/providers/me/retention", s.provider(), "{\"bookingsDays\":400}"), 400,
                "out_of_range");
        assertProblem(http.put("/v1/providers/me/retention", s.provider(), "{\"bookingsDays\":0}"), 400, "out_of_range");
        assertProblem(http.put("/v1/providers/me/retention", s.provider(), "{\"bookingsDays\":-3}"), 400, "out_of_range");
        assertProblem(http.put("/v1/providers/me/retention", s.provider(), "{}"), 400, "missing_field");
        assertProblem(http.get("/v1/providers/me/bookings/export", s.provider()), 400, "invalid_date");
        assertThat(http.put("/v1/providers/me/retention", s.provider(), "{\"bookingsDays\":30}").status()).isEqualTo(200);
        assertProblem(http.put("/v1/providers/me/retention", s.customer(), "{\"bookingsDays\":30}"), 403, "role_required");
        assertProblem(http.get("/v1/providers/me/bookings/export?before=yesterday", s.provider()), 400, "invalid_date");
        assertProblem(http.get("/v1/providers/me/bookings/export?before=2026-12-01", s.customer()), 403,
                "role_required");
        assertProblem(http.get("/v1/admin/purge-runs", s.provider()), 403, "role_required");

        Instant startsA = inDays(2);
        String completed = accepted(s, startsA);
        String resolved = accepted(s, inDays(3));
        String open = accepted(s, inDays(4));
        String pending = book(s, bookingJson(s, inDays(5), "pm_ok")).json().get("bookingId").asText();
        message(completed, s.customer(), "Ring twice at Purgegasse 4");
        message(resolved, s.customer(), "See you at the fountain");
        String resolvedDispute = file(resolved, s.provider());
        String openDispute = file(open, s.provider());
        assertThat(http.post("/v1/disputes/" + openDispute + "/objection", s.customer(),
                "{\"statement\":\"I was there on time\"}").status()).isEqualTo(200);

        // the export, taken before the purge
        String before = LocalDate.ofInstant(platform.clock().now().plus(Duration.ofDays(60)), ZoneOffset.UTC).toString();
        Http.Reply export = http.get("/v1/providers/me/bookings/export?before=" + before, s.provider());
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.headers().get("content-type")).containsExactly("application/x-ndjson");
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(export.body()).contains(completed, resolved, open, pending, "Ring twice at Purgegasse 4",
                "See you at the fountain", "Rude on the phone", "I was there on time", "\"from\":\"customer\"");
        assertThat(export.body()).as("the customer by role, never by id").doesNotContain(subject(s.customer()));

        // the completed one checks in; meanwhile the unanswered dispute resolves and the pending one expires
        advance(Duration.between(platform.clock().now(), startsA.minus(Duration.ofMinutes(10))));
        String customer = users.signIn(s.customerEmail()).accessToken();
        String provider = users.signIn(s.providerEmail()).accessToken();
        String code = http.get("/v1/bookings/" + completed + "/check-in-code", customer).json().get("code").asText();
        assertThat(http.post("/v1/bookings/" + completed + "/check-in", provider,
                "{\"code\":\"" + code + "\",\"lat\":48.2104,\"lon\":16.3656,\"accuracyMeters\":10}").status()).isEqualTo(200);
        advance(Duration.ofDays(3));
        provider = users.signIn(s.providerEmail()).accessToken();
        awaitBooking(provider, completed, b -> b.at("/escrow/stillHeldCents").asLong() == 0);
        awaitBooking(provider, resolved, b -> b.get("status").asText().equals("COMPLETED")
                && b.at("/escrow/stillHeldCents").asLong() == 0);
        awaitBooking(provider, pending, b -> b.get("status").asText().equals("EXPIRED")
                && b.at("/escrow/stillHeldCents").asLong() == 0);
        assertThat(DisputeEndToEndTest.dispute(provider, resolvedDispute).get("status").asText()).isEqualTo("RESOLVED");

        try (DynamoDbClient raw = AwsClients.dynamoDb(AwsClients.local(
                URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
            assertThat(item(raw, completed)).containsKey("checkInSecret").containsKey("consent");

            advance(Duration.ofDays(40)); // the daily purge falls due on the way
            String admin = users.token(Role.ADMIN);
            JsonNode run = http.get("/v1/admin/purge-runs", admin).json().at("/runs/0");
            assertThat(run.at("/counts/purged").asInt()).isEqualTo(3);
            assertThat(run.get("heldBack")).extracting(JsonNode::asText).containsExactly(open);
            assertThat(run.get("complete").asBoolean()).isTrue();

            for (String id : List.of(completed, resolved, pending)) {
                Map<String, AttributeValue> record = item(raw, id);
                assertThat(record.keySet()).as(id).isSubsetOf(ACCOUNTING).contains("ledgerHead", "purgedAt", "expiresAt");
                assertThat(Long.parseLong(record.get("expiresAt").n())).as("kept about ten years")
                        .isGreaterThan(platform.clock().now().plus(Duration.ofDays(3600)).getEpochSecond());
                assertThat(children(raw, Tables.MESSAGES.name(), id)).isZero();
                assertThat(children(raw, Tables.CHANGE_REQUESTS.name(), id)).isZero();
                var ledger = new DynamoDbBookingStore(raw, Tables.BOOKINGS.name(), Tables.SLOTS.name(),
                        Tables.LEDGER.name(), platform.newFieldCipher()).ledger(id, "EUR");
                assertThat(ledger.entries()).isNotEmpty();
                assertThat(ledger.verifies()).as("the ledger of %s still verifies", id).isTrue();
                assertThat(ledger.entries().getLast().hash()).isEqualTo(record.get("ledgerHead").s());
                assertProblem(http.get("/v1/bookings/" + id, admin), 404, "not_found");
            }
            assertThat(raw.query(r -> r.tableName(Tables.DISPUTES.name()).indexName("byBooking")
                    .keyConditionExpression("bookingId = :b")
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(resolved)))).items()).isEmpty();
            assertThat(item(raw, open)).containsKey("checkInSecret");
            assertThat(children(raw, Tables.MESSAGES.name(), open)).isZero(); // nobody wrote there
            assertThat(export.body()).as("the export taken before holds everything").contains("Ring twice at Purgegasse 4");
            String customerNow = users.signIn(s.customerEmail()).accessToken();
            assertProblem(http.post("/v1/bookings/" + completed + "/messages", customerNow, "{\"text\":\"still there?\"}"),
                    404, "not_found");

            Map<String, AttributeValue> snapshot = item(raw, completed);
            assertThat(http.post("/local/jobs/purge", null, "").status()).isEqualTo(200);
            JsonNode second = http.get("/v1/admin/purge-runs", admin).json().at("/runs/0");
            assertThat(second.get("runId").asText()).isNotEqualTo(run.get("runId").asText());
            assertThat(second.at("/counts/purged").asInt()).isZero();
            assertThat(second.get("heldBack")).extracting(JsonNode::asText).containsExactly(open);
            assertThat(item(raw, completed)).isEqualTo(snapshot);
        }
    }

    private static String accepted(BookingEndToEndTest.Setup s, Instant startsAt) {
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(http.post("/v1/bookings/" + id + "/accept", s.provider(), "").status()).isEqualTo(200);
        awaitBooking(s.customer(), id, b -> b.at("/escrow/toPlatformCents").asLong() == 1200);
        return id;
    }

    private static void message(String bookingId, String token, String text) {
        assertThat(http.post("/v1/bookings/" + bookingId + "/messages", token, "{\"text\":\"" + text + "\"}").status())
                .isEqualTo(201);
    }

    private static String file(String bookingId, String provider) {
        Http.Reply filed = http.post("/v1/bookings/" + bookingId + "/disputes", provider,
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"Rude on the phone\"}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        return filed.json().get("disputeId").asText();
    }

    private static String subject(String accessToken) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, AttributeValue> item(DynamoDbClient raw, String bookingId) {
        return raw.getItem(r -> r.tableName(Tables.BOOKINGS.name()).consistentRead(true)
                .key(Map.of("bookingId", AttributeValue.fromS(bookingId)))).item();
    }

    private static int children(DynamoDbClient raw, String table, String bookingId) {
        return raw.query(r -> r.tableName(table).keyConditionExpression("bookingId = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bookingId)))).count();
    }
}
