package com.safehold.local;

import static com.safehold.local.AuthEndToEndTest.assertProblem;
import static com.safehold.local.BookingEndToEndTest.advance;
import static com.safehold.local.BookingEndToEndTest.awaitBooking;
import static com.safehold.local.BookingEndToEndTest.book;
import static com.safehold.local.BookingEndToEndTest.bookingJson;
import static com.safehold.local.BookingEndToEndTest.inDays;
import static com.safehold.local.BookingEndToEndTest.setup;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.domain.common.Role;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Messages, change requests and disputes end to end (SPEC 4.5, 4.6) over HTTP on the local platform. */
class DisputeEndToEndTest extends EndToEndTest {

    /** An accepted booking starting in two days, its booking fee released, and fresh tokens. */
    record Accepted(BookingEndToEndTest.Setup s, String bookingId, Instant startsAt) {
        String customer() {
            return users.signIn(s.customerEmail()).accessToken();
        }

        String provider() {
            return users.signIn(s.providerEmail()).accessToken();
        }
    }

    static Accepted accepted() {
        BookingEndToEndTest.Setup s = setup();
        Instant startsAt = inDays(2);
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(http.post("/v1/bookings/" + id + "/accept", s.provider(), "").status()).isEqualTo(200);
        awaitBooking(s.customer(), id, b -> b.at("/escrow/toPlatformCents").asLong() == 1200);
        return new Accepted(s, id, startsAt);
    }

    static JsonNode dispute(String token, String disputeId) {
        Http.Reply reply = http.get("/v1/disputes/" + disputeId, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void aLastMinuteLocationChange_reportedOnRejection_unanswered_paysTheProvider() {
        Accepted a = accepted();
        advance(Duration.between(platform.clock().now(), a.startsAt().minus(Duration.ofHours(1))));
        String customer = a.customer();
        String provider = a.provider();

        Http.Reply message = http.post("/v1/bookings/" + a.bookingId() + "/messages", customer,
                "{\"text\":\"Running late, can we do it at my flat?\"}");
        assertThat(message.status()).as(message.body()).isEqualTo(201);
        assertThat(message.json().get("from").asText()).isEqualTo("you");

        Http.Reply change = http.post("/v1/bookings/" + a.bookingId() + "/change-requests", customer,
                "{\"kind\":\"LOCATION\",\"text\":\"Meet at Praterstrasse 1 instead of the café\"}");
        assertThat(change.status()).as(change.body()).isEqualTo(201);
        assertThat(change.json().get("contradictsTerms")).extracting(JsonNode::asText).containsExactly("t1");
        String changeId = change.json().get("changeRequestId").asText();

        Http.Reply rejected = http.post("/v1/bookings/" + a.bookingId() + "/change-requests/" + changeId + "/reject",
                provider, "{\"report\":true}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asText()).isEqualTo("REJECTED");
        String disputeId = rejected.json().get("disputeId").asText();

        JsonNode frozen = http.get("/v1/bookings/" + a.bookingId(), customer).json();
        assertThat(frozen.get("status").asText()).isEqualTo("DISPUTED");
        assertThat(frozen.at("/escrow/frozen").asBoolean()).isTrue();
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/check-in", provider, "{\"code\":\"123456\"}"),
                409, "invalid_state");
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/cancel", customer, ""), 409, "invalid_state");

        JsonNode opened = dispute(customer, disputeId);
        assertThat(opened.get("reason").asText()).isEqualTo("TERMS_BREACH");
        assertThat(opened.get("status").asText()).isEqualTo("AWAITING_RESPONSE");
        assertThat(opened.get("reportedBy").asText()).isEqualTo("provider");
        assertThat(opened.at("/evidence/0/item/text").asText()).contains("Praterstrasse");
        assertThat(opened.at("/evidence/0/item/contradictsTerms/0").asText()).isEqualTo("t1");
        assertThat(opened.get("consentReceipts")).hasSize(1);
        assertThat(opened.get("messages")).hasSize(1);
        assertThat(opened.toString()).doesNotContain(a.s().customerEmail()).doesNotContain(a.s().providerEmail())
                .doesNotContain("@").doesNotContain("Id\":\"cus").doesNotContain("reporterId");

        advance(Duration.ofHours(48).plusMinutes(2)); // the customer stays silent
        JsonNode paid = awaitBooking(a.provider(), a.bookingId(), b -> b.at("/escrow/toProviderCents").asLong() == 12000);
        assertThat(paid.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(paid.at("/escrow/stillHeldCents").asLong()).isZero();
        assertThat(http.get("/v1/bookings/" + a.bookingId() + "/ledger", a.customer()).json().get("verified").asBoolean())
                .isTrue();
        JsonNode resolved = dispute(a.provider(), disputeId);
        assertThat(resolved.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.get("outcome").asText()).isEqualTo("RELEASE_TO_PROVIDER");
        assertThat(resolved.get("resolution").asText()).isEqualTo("NO_OBJECTION");
    }

    @Test
    void anObjectionInTime_goesToAnAdmin_whoSplits_andBothPartiesSeeTheSameMoney() {
        Accepted a = accepted();
        advance(Duration.between(platform.clock().now(), a.startsAt().plus(Duration.ofMinutes(30))));
        String provider = a.provider();
        Http.Reply filed = http.post("/v1/bookings/" + a.bookingId() + "/disputes", provider,
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"The client was rude and left early\",\"evidence\":[]}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        String disputeId = filed.json().get("disputeId").asText();
        assertThat(filed.json().get("status").asText()).isEqualTo("AWAITING_RESPONSE");

        String customer = a.customer();
        Http.Reply objected = http.post("/v1/disputes/" + disputeId + "/objection", customer,
                "{\"statement\":\"I left because the session ran over\"}");
        assertThat(objected.status()).as(objected.body()).isEqualTo(200);
        assertThat(objected.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
        assertProblem(http.post("/v1/disputes/" + disputeId + "/objection", customer, "{\"statement\":\"again\"}"),
                409, "already_objected");

        advance(Duration.ofHours(49)); // the objection keeps it open past respondBy
        assertThat(dispute(a.customer(), disputeId).get("status").asText()).isEqualTo("UNDER_REVIEW");

        String admin = users.token(Role.ADMIN);
        assertProblem(http.post("/v1/admin/disputes/" + disputeId + "/resolve", admin,
                "{\"outcome\":\"SPLIT\",\"providerCents\":12000}"), 400, "invalid_split");
        assertProblem(http.post("/v1/admin/disputes/" + disputeId + "/resolve", admin,
                "{\"outcome\":\"REFUND_CUSTOMER\",\"providerCents\":100}"), 400, "unexpected_field");
        assertProblem(http.post("/v1/admin/disputes/" + disputeId + "/resolve", a.customer(),
                "{\"outcome\":\"SPLIT\",\"providerCents\":7000}"), 403, "role_required");
        Http.Reply resolved = http.post("/v1/admin/disputes/" + disputeId + "/resolve", admin,
                "{\"outcome\":\"SPLIT\",\"providerCents\":7000}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertProblem(http.post("/v1/admin/disputes/" + disputeId + "/resolve", admin,
                "{\"outcome\":\"REFUND_CUSTOMER\"}"), 409, "dispute_resolved");

        String expected = "{\"heldCents\":13200,\"toPlatformCents\":1200,\"toProviderCents\":7000,"
                + "\"refundedCents\":5000,\"stillHeldCents\":0,\"frozen\":false}";
        JsonNode customerView = awaitBooking(a.customer(), a.bookingId(), b -> b.get("escrow").toString().equals(expected));
        JsonNode providerView = http.get("/v1/bookings/" + a.bookingId(), a.provider()).json();
        assertThat(providerView.get("escrow").toString()).isEqualTo(expected);
        assertThat(customerView.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(http.get("/v1/bookings/" + a.bookingId() + "/ledger", admin).json().get("verified").asBoolean()).isTrue();
    }

    @Test
    void aProviderNoShow_unanswered_refundsTheServiceFeeAndTheBookingFee() {
        Accepted a = accepted();
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/disputes", a.s().customer(),
                "{\"reason\":\"PROVIDER_NO_SHOW\",\"statement\":\"Nobody came\"}"), 409, "too_early");
        advance(Duration.between(platform.clock().now(), a.startsAt().plus(Duration.ofMinutes(40))));
        String customer = a.customer();
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"NO_SHOW\",\"statement\":\"x\"}"), 422, "reason_not_allowed");
        Http.Reply filed = http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"PROVIDER_NO_SHOW\",\"statement\":\"I waited 40 minutes at the café\"}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"OTHER\",\"statement\":\"again\"}"), 409, "dispute_already_open");

        advance(Duration.ofHours(48).plusMinutes(2));
        JsonNode refunded = awaitBooking(a.customer(), a.bookingId(), b -> b.at("/escrow/refundedCents").asLong() == 13200);
        assertThat(refunded.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(refunded.at("/escrow/toPlatformCents").asLong()).isZero();
        assertThat(refunded.at("/escrow/toProviderCents").asLong()).isZero();
    }

    @Test
    void theObjectionWindow_closesExactlyAtRespondBy_andOnlyTheRespondentAnswers() {
        Accepted a = accepted();
        Http.Reply filed = http.post("/v1/bookings/" + a.bookingId() + "/disputes", a.s().provider(),
                "{\"reason\":\"TERMS_BREACH\",\"statement\":\"Asked for alcohol\"}");
        String disputeId = filed.json().get("disputeId").asText();
        Instant respondBy = Instant.parse(filed.json().get("respondBy").asText());
        assertProblem(http.post("/v1/disputes/" + disputeId + "/objection", a.s().provider(), "{\"statement\":\"x\"}"),
                403, "not_respondent");
        String stranger = users.token(Role.CUSTOMER);
        assertProblem(http.get("/v1/disputes/" + disputeId, stranger), 404, "not_found");
        assertProblem(http.post("/v1/disputes/" + disputeId + "/objection", stranger, "{\"statement\":\"x\"}"), 404,
                "not_found");
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/messages", stranger, "{\"text\":\"hi\"}"), 404,
                "not_found");

        // one second before the deadline an objection would still be in time (the clock moves in whole seconds
        // here; the exact instant is checked in DisputeRulesTest with a clock of its own)
        Duration left = Duration.between(platform.clock().now(), respondBy);
        advance(Duration.ofSeconds(left.toSeconds() + 1)); // now at the deadline, within one second after it
        Http.Reply atDeadline = http.post("/v1/disputes/" + disputeId + "/objection", a.customer(), "{\"statement\":\"late\"}");
        assertProblem(atDeadline, 409, "objection_window_closed");
        advance(Duration.ofSeconds(1));
        assertProblem(http.post("/v1/disputes/" + disputeId + "/objection", a.customer(), "{\"statement\":\"later\"}"),
                409, "objection_window_closed");
        assertThat(dispute(a.provider(), disputeId).get("outcome").asText()).isEqualTo("RELEASE_TO_PROVIDER");
    }

    @Test
    void theRespondentMayConcede_changeRequestsCanBeAccepted_andBadInputIsA4xx() {
        Accepted a = accepted();
        String customer = a.customer();
        String provider = a.provider();
        Http.Reply change = http.post("/v1/bookings/" + a.bookingId() + "/change-requests", provider,
                "{\"kind\":\"TIME\",\"text\":\"Start 15 minutes later?\"}");
        String changeId = change.json().get("changeRequestId").asText();
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/change-requests/" + changeId + "/accept", provider, ""),
                403, "not_your_decision");
        Http.Reply accepted = http.post("/v1/bookings/" + a.bookingId() + "/change-requests/" + changeId + "/accept",
                customer, "");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("consentReceiptSha256").asText()).matches("[0-9a-f]{64}");
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/change-requests/" + changeId + "/reject", customer, ""),
                409, "change_request_decided");

        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/change-requests", customer,
                "{\"kind\":\"VENUE\",\"text\":\"x\"}"), 400, "unknown_enum_value");
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/messages", customer, "{\"text\":\"\"}"), 400,
                "invalid_text");
        assertProblem(http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"OTHER\",\"statement\":\"x\",\"evidence\":[{\"type\":\"MESSAGE\",\"id\":\"msg_none\"}]}"),
                422, "unknown_evidence");

        Http.Reply filed = http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"OTHER\",\"statement\":\"Changed the time without asking\",\"evidence\":[{\"type\":\"CHANGE_REQUEST\",\"id\":\""
                        + changeId + "\"}]}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        String disputeId = filed.json().get("disputeId").asText();
        JsonNode bundle = dispute(customer, disputeId);
        assertThat(bundle.get("consentReceipts")).hasSize(2); // the booking's and the accepted change's
        Http.Reply conceded = http.post("/v1/disputes/" + disputeId + "/concede", provider, "");
        assertThat(conceded.status()).as(conceded.body()).isEqualTo(200);
        assertThat(conceded.json().get("outcome").asText()).isEqualTo("REFUND_CUSTOMER");
        awaitBooking(customer, a.bookingId(), b -> b.at("/escrow/refundedCents").asLong() == 12000);
    }

    @Test
    void aRetriedMessage_isPostedOnce_itsRepeatSaysItWasDone_andItsTextIsKeptNowhereElse() {
        Accepted a = accepted();
        String customer = a.customer();
        String provider = a.provider();
        String text = "Retried message " + UUID.randomUUID();
        String path = "/v1/bookings/" + a.bookingId() + "/messages";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Reply first = http.post(path, customer, "{\"text\":\"" + text + "\"}", key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("text").asText()).isEqualTo(text);

        // decision 0022: the response shows the text, so only the outcome was kept for the key
        Http.Reply retried = http.post(path, customer, "{\"text\":\"" + text + "\"}", key);
        assertProblem(retried, 409, "idempotency_request_completed");
        assertThat(retried.json().get("originalStatus").asInt()).isEqualTo(201);
        assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
        assertThat(retried.body()).doesNotContain(text);
        assertProblem(http.post(path, customer, "{\"text\":\"Another text\"}", key), 422, "idempotency_key_reused");
        assertThat(http.get(path, provider).json().get("messages")).extracting(m -> m.get("text").asText())
                .containsOnlyOnce(text).doesNotContain("Another text");
        try (DynamoDbClient raw = AwsClients.dynamoDb(AwsClients.local(
                URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
            assertThat(raw.scanPaginator(r -> r.tableName("idempotency")).items().stream().map(Object::toString))
                    .noneMatch(item -> item.contains(text));
        }

        // a change request accepted twice under one key: the first 200 both times, not a conflict
        Http.Reply change = http.post("/v1/bookings/" + a.bookingId() + "/change-requests", provider,
                "{\"kind\":\"TIME\",\"text\":\"Start 15 minutes later?\"}");
        String accept = "/v1/bookings/" + a.bookingId() + "/change-requests/"
                + change.json().get("changeRequestId").asText() + "/accept";
        Map<String, String> acceptKey = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Reply accepted = http.post(accept, customer, "", acceptKey);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        Http.Reply acceptedAgain = http.post(accept, customer, "", acceptKey);
        assertThat(acceptedAgain.status()).as(acceptedAgain.body()).isEqualTo(200);
        assertThat(acceptedAgain.body()).isEqualTo(accepted.body());
        assertThat(acceptedAgain.header("idempotent-replayed")).isEqualTo("true");
        assertProblem(http.post(accept, customer, ""), 409, "change_request_decided");
    }

    @Test
    void noDisputeBeforeAcceptance_norAfterAllMoneyMoved() {
        BookingEndToEndTest.Setup s = setup();
        String id = book(s, bookingJson(s, inDays(4), "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertProblem(http.post("/v1/bookings/" + id + "/disputes", s.customer(),
                "{\"reason\":\"OTHER\",\"statement\":\"x\"}"), 409, "dispute_not_allowed");
    }

    @Test
    void neitherPartySeesTheOthersEmailOrPhone_anywhereInTheApi() {
        String providerEmail = users.signUp(Role.PROVIDER);
        String provider = users.signIn(providerEmail).accessToken();
        String offerId = http.post("/v1/offers", provider, OffersEndToEndTest.offerJson(12000)).json().get("offerId").asText();
        String customerEmail = users.newEmail(Role.CUSTOMER);
        Http.Reply signup = http.post("/v1/auth/signup", null, "{\"email\":\"" + customerEmail + "\",\"password\":\""
                + Users.PASSWORD + "\",\"role\":\"customer\",\"pseudonym\":\"Quiet Client\",\"phone\":\"+4915112345678\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        String customer = users.signIn(customerEmail).accessToken();
        String termsVersion = http.get("/v1/offers/" + offerId, customer).json().get("termsVersion").asText();
        String id = http.post("/v1/bookings", customer, """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(offerId, inDays(8), termsVersion),
                java.util.Map.of("idempotency-key", "privacy-1")).json().get("bookingId").asText();
        awaitBooking(customer, id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        http.post("/v1/bookings/" + id + "/accept", provider, "");
        http.post("/v1/bookings/" + id + "/messages", customer, "{\"text\":\"See you there\"}");
        String disputeId = http.post("/v1/bookings/" + id + "/disputes", provider,
                "{\"reason\":\"OTHER\",\"statement\":\"Testing what the other side sees\"}").json().get("disputeId").asText();

        List<String> seenByProvider = List.of(
                http.get("/v1/bookings/" + id, provider).body(),
                http.get("/v1/bookings/" + id + "/ledger", provider).body(),
                http.get("/v1/bookings/" + id + "/messages", provider).body(),
                http.get("/v1/disputes/" + disputeId, provider).body());
        List<String> seenByCustomer = List.of(
                http.get("/v1/offers/" + offerId, customer).body(),
                http.get("/v1/bookings/" + id, customer).body(),
                http.get("/v1/disputes/" + disputeId, customer).body());
        for (String body : seenByProvider) {
            assertThat(body).doesNotContain(customerEmail).doesNotContain("4915112345678").doesNotContain("@");
        }
        for (String body : seenByCustomer) {
            assertThat(body).doesNotContain(providerEmail).doesNotContain("@");
        }
        assertThat(seenByProvider.getFirst()).contains("Quiet Client"); // the pseudonym is what they see

        String customerSub;
        try {
            customerSub = com.safehold.api.Json.MAPPER.readTree(java.util.Base64.getUrlDecoder()
                    .decode(customer.split("\\.")[1])).get("sub").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Http.Reply notices = http.get("/local/outbox?to=" + customerSub, null);
        assertThat(notices.body()).contains(id + " is now DISPUTED").contains("dispute_opened").doesNotContain("@")
                .doesNotContain("Guided city walk").doesNotContain("4915112345678");
    }

    @Test
    void theSampleEvent_isAnsweredByTheDisputeHandler() throws Exception {
        Accepted a = accepted();
        String provider = a.provider();
        String changeId = http.post("/v1/bookings/" + a.bookingId() + "/change-requests", a.customer(),
                "{\"kind\":\"LOCATION\",\"text\":\"Elsewhere\"}").json().get("changeRequestId").asText();
        var event = com.amazonaws.services.lambda.runtime.tests.EventLoader
                .loadApiGatewayHttpEvent("../events/dispute-file.json");
        JsonNode claims = com.safehold.api.Json.MAPPER.readTree(java.util.Base64.getUrlDecoder()
                .decode(provider.split("\\.")[1]));
        event.getRequestContext().getAuthorizer().getJwt().setClaims(new java.util.HashMap<>(java.util.Map.of(
                "sub", claims.get("sub").asText(), "jti", claims.get("jti").asText(), "cognito:groups", "[provider]")));
        event.setPathParameters(java.util.Map.of("id", a.bookingId()));
        event.setBody(event.getBody().replace("chg_0123456789abcdef0123456789abcdef", changeId));
        var response = platform.handler(com.safehold.catalog.Functions.DISPUTE, com.safehold.dispute.DisputeApiHandler.class)
                .handleRequest(event, null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    }
}
