package com.safehold.local;

import static com.safehold.local.AuthEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Bookings and escrow end to end (SPEC 4.4) over HTTP on the local platform: the booking function writes,
 * the escrow worker (fed by ElasticMQ) moves the money through the sandbox provider, the timer sweep runs on
 * the platform clock.
 */
class BookingEndToEndTest extends EndToEndTest {

    /** A provider with an offer at Café Central (priceCents 12000) and a signed-in customer. */
    record Setup(String providerEmail, String provider, String customerEmail, String customer, String offerId,
            String termsVersion) {}

    static Setup setup() {
        String providerEmail = users.signUp(Role.PROVIDER);
        String provider = users.signIn(providerEmail).accessToken();
        Http.Reply offer = http.post("/v1/offers", provider, OffersEndToEndTest.offerJson(12000));
        assertThat(offer.status()).as(offer.body()).isEqualTo(201);
        String customerEmail = users.signUp(Role.CUSTOMER);
        return new Setup(providerEmail, provider, customerEmail, users.signIn(customerEmail).accessToken(),
                offer.json().get("offerId").asText(), offer.json().get("termsVersion").asText());
    }

    static String bookingJson(Setup s, Instant startsAt, String paymentMethod) {
        return """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"%s"}""".formatted(s.offerId(), startsAt,
                s.termsVersion(), paymentMethod);
    }

    static Http.Reply book(Setup s, String json) {
        return http.post("/v1/bookings", s.customer(), json, Map.of("idempotency-key", UUID.randomUUID().toString()));
    }

    static Instant inDays(int days) {
        return platform.clock().now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.HOURS);
    }

    /** Polls the booking until the escrow worker has caught up (it runs asynchronously, as in AWS). */
    static JsonNode awaitBooking(String token, String bookingId, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Http.Reply reply = http.get("/v1/bookings/" + bookingId, token);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            last = reply.json();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the booking did not get there in time: " + last);
    }

    static void advance(Duration by) {
        assertThat(http.post("/local/clock/advance", null, "{\"seconds\":" + by.toSeconds() + "}").status()).isEqualTo(200);
    }

    @Test
    void happyPath_holdAcceptCheckInComplete_withAVerifiedLedgerAndRightAmounts() {
        Setup s = setup();
        Instant startsAt = inDays(3);
        Http.Reply requested = book(s, bookingJson(s, startsAt, "pm_ok"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        String bookingId = requested.json().get("bookingId").asText();
        assertThat(requested.json().get("status").asText()).isEqualTo("REQUESTED");
        assertThat(requested.json().get("amounts").toString())
                .isEqualTo("{\"priceCents\":12000,\"bookingFeeCents\":1200,\"totalCents\":13200,\"currency\":\"EUR\"}");

        JsonNode pending = awaitBooking(s.customer(), bookingId, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(pending.at("/escrow/heldCents").asLong()).isEqualTo(13200);
        assertThat(pending.at("/escrow/stillHeldCents").asLong()).isEqualTo(13200);
        assertThat(pending.at("/counterparty/pseudonym").asText()).startsWith("Pseudo provider-");
        assertThat(pending.toString()).doesNotContain(s.providerEmail()).doesNotContain("customerId")
                .doesNotContain("providerId");
        assertThat(pending.at("/consent/termsVersion").asText()).isEqualTo(s.termsVersion());
        assertThat(platform.payments().holdsPlaced(bookingId)).isEqualTo(1);

        Http.Reply accepted = http.post("/v1/bookings/" + bookingId + "/accept", s.provider(), "");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("status").asText()).isEqualTo("ACCEPTED");
        awaitBooking(s.provider(), bookingId, b -> b.at("/escrow/toPlatformCents").asLong() == 1200);

        advance(Duration.between(platform.clock().now(), startsAt.minus(Duration.ofMinutes(10))));
        String customer = users.signIn(s.customerEmail()).accessToken(); // the old tokens aged out
        String provider = users.signIn(s.providerEmail()).accessToken();
        Http.Reply code = http.get("/v1/bookings/" + bookingId + "/check-in-code", customer);
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        assertThat(code.json().get("code").asText()).matches("[0-9]{6}");
        Http.Reply checkedIn = http.post("/v1/bookings/" + bookingId + "/check-in", provider,
                "{\"code\":\"" + code.json().get("code").asText() + "\",\"lat\":48.2104,\"lon\":16.3656,\"accuracyMeters\":10}");
        assertThat(checkedIn.status()).as(checkedIn.body()).isEqualTo(200);
        assertThat(checkedIn.json().get("status").asText()).isEqualTo("COMPLETED");

        JsonNode done = awaitBooking(customer, bookingId, b -> b.at("/escrow/toProviderCents").asLong() == 12000);
        assertThat(done.get("escrow").toString()).isEqualTo("{\"heldCents\":13200,\"toPlatformCents\":1200,"
                + "\"toProviderCents\":12000,\"refundedCents\":0,\"stillHeldCents\":0,\"frozen\":false}");
        assertThat(done.get("timeline")).extracting(e -> e.get("status").asText())
                .containsExactly("REQUESTED", "PENDING_PROVIDER", "ACCEPTED", "COMPLETED");

        Http.Reply ledger = http.get("/v1/bookings/" + bookingId + "/ledger", customer);
        assertThat(ledger.status()).isEqualTo(200);
        assertThat(ledger.json().get("verified").asBoolean()).isTrue();
        JsonNode entries = ledger.json().get("entries");
        assertThat(entries).hasSize(6);
        String prev = "0".repeat(64);
        long sum = 0;
        for (JsonNode e : entries) { // recompute the chain as a party would, from the documented canonical text
            assertThat(e.get("prevHash").asText()).isEqualTo(prev);
            String text = String.join("|", prev, bookingId, e.get("seq").asText(), e.get("transactionId").asText(),
                    e.get("kind").asText(), e.get("account").asText(), e.get("amountCents").asText(),
                    e.get("currency").asText(), Long.toString(Instant.parse(e.get("at").asText()).toEpochMilli()));
            assertThat(e.get("hash").asText()).isEqualTo(Hashes.sha256Hex(text));
            prev = e.get("hash").asText();
            sum += e.get("amountCents").asLong();
        }
        assertThat(sum).isZero();

        Http.Reply notices = http.get("/local/outbox?to=" + pendingCustomerId(done, s), null);
        assertThat(notices.status()).isEqualTo(200);
    }

    /** Notifications go to the user id; the outbox is read by it. */
    private static String pendingCustomerId(JsonNode booking, Setup s) {
        String[] parts = s.customer().split("\\.");
        JsonNode payload;
        try {
            payload = com.safehold.api.Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String sub = payload.get("sub").asText();
        Http.Reply notices = http.get("/local/outbox?to=" + sub, null);
        assertThat(notices.json()).isNotEmpty();
        assertThat(notices.body()).contains(booking.get("bookingId").asText()).doesNotContain("@")
                .doesNotContain("Guided city walk");
        return sub;
    }

    @Test
    void aDeclinedCard_endsInHoldFailed_withNothingHeld_andAnUnavailableProvider_isRetriedToExactlyOneHold() {
        Setup s = setup();
        String declined = book(s, bookingJson(s, inDays(5), "pm_declined")).json().get("bookingId").asText();
        JsonNode failed = awaitBooking(s.customer(), declined, b -> b.get("status").asText().equals("HOLD_FAILED"));
        assertThat(failed.at("/escrow/heldCents").asLong()).isZero();
        assertThat(platform.payments().holdsPlaced(declined)).isZero();

        String flaky = book(s, bookingJson(s, inDays(5), "pm_unavailable")).json().get("bookingId").asText();
        JsonNode held = awaitBooking(s.customer(), flaky, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(held.at("/escrow/heldCents").asLong()).isEqualTo(13200);
        assertThat(platform.payments().holdsPlaced(flaky)).isEqualTo(1);
    }

    // --- every error code of SPEC 4.4 --------------------------------------------------------------------

    @Test
    void consentIsRequired_andTheTermsVersionMustBeCurrent() {
        Setup s = setup();
        Instant startsAt = inDays(4);
        String good = bookingJson(s, startsAt, "pm_ok");
        assertProblem(book(s, good.replace("\"acceptTermsAndConditions\":true", "\"acceptTermsAndConditions\":false")),
                422, "terms_not_accepted");
        assertProblem(book(s, good.replace("\"acceptCancellationPolicy\":true", "\"acceptCancellationPolicy\":false")),
                422, "cancellation_policy_not_accepted");
        Http.Reply stale = book(s, good.replace(s.termsVersion(), "0000000000000000"));
        assertProblem(stale, 422, "terms_version_stale");
        assertThat(stale.json().get("currentTermsVersion").asText()).isEqualTo(s.termsVersion());
        assertProblem(http.post("/v1/bookings", s.customer(), good), 400, "idempotency_key_required");
        assertProblem(book(s, good.replace("pm_ok", "bitcoin")), 400, "invalid_payment_method");
        assertProblem(book(s, good.replace(startsAt.toString(), "yesterday")), 400, "invalid_time");
        assertProblem(book(s, good.replace(startsAt.toString(), inDays(-1).toString())), 422, "invalid_start");
        assertProblem(http.post("/v1/bookings", s.provider(), good, Map.of("idempotency-key", "k1")), 403,
                "role_required");
    }

    @Test
    void anOverlappingRequest_findsTheSlotTaken_andARetriedRequest_findsItsOwnBooking() {
        Setup s = setup();
        Instant startsAt = inDays(6);
        String json = bookingJson(s, startsAt, "pm_ok");
        Http.Reply first = http.post("/v1/bookings", s.customer(), json, Map.of("idempotency-key", "same-key"));
        Http.Reply retried = http.post("/v1/bookings", s.customer(), json, Map.of("idempotency-key", "same-key"));
        assertThat(retried.json().get("bookingId").asText()).isEqualTo(first.json().get("bookingId").asText());
        assertProblem(book(s, bookingJson(s, startsAt.plus(Duration.ofMinutes(90)), "pm_ok")), 409, "slot_unavailable");
        assertThat(book(s, bookingJson(s, startsAt.plus(Duration.ofHours(2)), "pm_ok")).status()).isEqualTo(202);
    }

    @Test
    void theProviderAnswersOnce_strangersSeeNothing_andDeclineRefundsEverything() {
        Setup s = setup();
        String id = book(s, bookingJson(s, inDays(7), "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        String stranger = users.token(Role.CUSTOMER);
        assertProblem(http.get("/v1/bookings/" + id, stranger), 404, "not_found");
        assertProblem(http.get("/v1/bookings/" + id + "/ledger", stranger), 404, "not_found");
        assertProblem(http.post("/v1/bookings/" + id + "/accept", s.customer(), ""), 404, "not_found");

        assertThat(http.post("/v1/bookings/" + id + "/decline", s.provider(), "").status()).isEqualTo(200);
        Http.Reply again = http.post("/v1/bookings/" + id + "/accept", s.provider(), "");
        assertProblem(again, 409, "invalid_state");
        assertThat(again.json().get("status").asText()).isEqualTo("DECLINED");
        JsonNode refunded = awaitBooking(s.customer(), id, b -> b.at("/escrow/refundedCents").asLong() == 13200);
        assertThat(refunded.at("/escrow/stillHeldCents").asLong()).isZero();
        // the slot is free again
        assertThat(book(s, bookingJson(s, Instant.parse(refunded.get("startsAt").asText()), "pm_ok")).status())
                .isEqualTo(202);
    }

    @Test
    void aRetriedAccept_getsTheFirst200Again_notAConflict() {
        Setup s = setup();
        String id = book(s, bookingJson(s, inDays(7), "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Reply accepted = http.post("/v1/bookings/" + id + "/accept", s.provider(), "", key);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.header("idempotent-replayed")).isNull();

        Http.Reply retried = http.post("/v1/bookings/" + id + "/accept", s.provider(), "", key);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(accepted.body());
        assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
        // without the key a second accept is the conflict it always was; a key belongs to its route and caller
        assertProblem(http.post("/v1/bookings/" + id + "/accept", s.provider(), ""), 409, "invalid_state");
        assertProblem(http.post("/v1/bookings/" + id + "/decline", s.provider(), "", key), 409, "invalid_state");
        assertProblem(http.post("/v1/bookings/" + id + "/accept", s.customer(), "", key), 404, "not_found");
    }

    @Test
    void anUnansweredRequest_expiresAfter24Hours_andIsRefunded() {
        Setup s = setup();
        String id = book(s, bookingJson(s, inDays(9), "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        advance(Duration.ofHours(24).plusMinutes(2));
        String customer = users.signIn(s.customerEmail()).accessToken();
        JsonNode expired = awaitBooking(customer, id, b -> b.at("/escrow/refundedCents").asLong() == 13200);
        assertThat(expired.get("status").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void checkIn_refusesWrongCodes_positionsOutsideTheVenue_andTimesOutsideTheWindow_thenLocks() {
        Setup s = setup();
        Instant startsAt = inDays(2);
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        http.post("/v1/bookings/" + id + "/accept", s.provider(), "");
        String atVenue = ",\"lat\":48.2104,\"lon\":16.3656,\"accuracyMeters\":10}";
        assertProblem(http.post("/v1/bookings/" + id + "/check-in", s.provider(), "{\"code\":\"123456\"" + atVenue),
                409, "check_in_window_closed");
        assertProblem(http.get("/v1/bookings/" + id + "/check-in-code", s.customer()), 409, "check_in_window_closed");

        advance(Duration.between(platform.clock().now(), startsAt.minus(Duration.ofMinutes(5))));
        String customer = users.signIn(s.customerEmail()).accessToken();
        String provider = users.signIn(s.providerEmail()).accessToken();
        String code = http.get("/v1/bookings/" + id + "/check-in-code", customer).json().get("code").asText();
        assertProblem(http.post("/v1/bookings/" + id + "/check-in", provider,
                "{\"code\":\"" + code + "\",\"lat\":48.2204,\"lon\":16.3656}"), 403, "outside_venue");
        assertProblem(http.post("/v1/bookings/" + id + "/check-in", provider, "{\"code\":\"" + code + "\"}"),
                403, "outside_venue");
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int left = 4; left >= 0; left--) {
            Http.Reply reply = http.post("/v1/bookings/" + id + "/check-in", provider,
                    "{\"code\":\"" + wrong + "\"" + atVenue);
            assertProblem(reply, 422, "invalid_code");
            assertThat(reply.json().get("attemptsLeft").asInt()).isEqualTo(left);
        }
        assertProblem(http.post("/v1/bookings/" + id + "/check-in", provider, "{\"code\":\"" + code + "\"" + atVenue),
                423, "check_in_locked");
    }

    /**
     * A burst of parallel guesses costs one attempt each: at most five codes are ever compared, then the lock
     * holds even for the right code (a provider must not brute-force the customer's code to release the fee).
     */
    @Test
    void checkIn_countsEveryParallelGuess_soABurstCannotOutrunTheLock() throws Exception {
        Setup s = setup();
        Instant startsAt = inDays(4);
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(http.post("/v1/bookings/" + id + "/accept", s.provider(), "").status()).isEqualTo(200);
        advance(Duration.between(platform.clock().now(), startsAt.minus(Duration.ofMinutes(5))));
        String customer = users.signIn(s.customerEmail()).accessToken();
        String provider = users.signIn(s.providerEmail()).accessToken();
        String atVenue = ",\"lat\":48.2104,\"lon\":16.3656,\"accuracyMeters\":10}";
        String code = http.get("/v1/bookings/" + id + "/check-in-code", customer).json().get("code").asText();

        List<Http.Reply> replies = Http.atOnce(24, i -> http.post("/v1/bookings/" + id + "/check-in", provider,
                "{\"code\":\"" + String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000) + "\"" + atVenue));

        Map<Integer, Long> statuses = replies.stream().collect(Collectors.groupingBy(Http.Reply::status, Collectors.counting()));
        assertThat(statuses.keySet()).as(statuses.toString()).isSubsetOf(422, 423, 409);
        assertThat(statuses.getOrDefault(422, 0L)).as("codes compared").isEqualTo(5);
        assertProblem(http.post("/v1/bookings/" + id + "/check-in", provider, "{\"code\":\"" + code + "\"" + atVenue),
                423, "check_in_locked");
    }

    @Test
    void cancellation_followsThePolicy_lateNeedsAcknowledging_andTheLastHoursAreClosed() {
        Setup s = setup();
        Instant startsAt = inDays(3);
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        http.post("/v1/bookings/" + id + "/accept", s.provider(), "");
        awaitBooking(s.customer(), id, b -> b.at("/escrow/toPlatformCents").asLong() == 1200);

        advance(Duration.between(platform.clock().now(), startsAt.minus(Duration.ofHours(24))));
        String customer = users.signIn(s.customerEmail()).accessToken();
        Http.Reply late = http.post("/v1/bookings/" + id + "/cancel", customer, "");
        assertProblem(late, 409, "late_fee_applies");
        assertThat(late.json().get("refundCents").asLong()).isEqualTo(6000);

        advance(Duration.ofHours(20));
        customer = users.signIn(s.customerEmail()).accessToken();
        Http.Reply closed = http.post("/v1/bookings/" + id + "/cancel", customer, "{\"acknowledgeLateFee\":true}");
        assertProblem(closed, 409, "cancellation_window_passed");
        assertThat(closed.json().at("/policy/noCancelWithinHours").asInt()).isEqualTo(6);

        Http.Reply byProvider = http.post("/v1/bookings/" + id + "/cancel",
                users.signIn(s.providerEmail()).accessToken(), "");
        assertThat(byProvider.status()).as(byProvider.body()).isEqualTo(200);
        JsonNode refunded = awaitBooking(customer, id, b -> b.at("/escrow/refundedCents").asLong() == 13200);
        assertThat(refunded.get("escrow").toString()).isEqualTo("{\"heldCents\":13200,\"toPlatformCents\":0,"
                + "\"toProviderCents\":0,\"refundedCents\":13200,\"stillHeldCents\":0,\"frozen\":false}");
    }

    @Test
    void aLateCancellationAcknowledged_splitsTheServiceFeeByThePolicy() {
        Setup s = setup();
        Instant startsAt = inDays(3);
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        http.post("/v1/bookings/" + id + "/accept", s.provider(), "");
        advance(Duration.between(platform.clock().now(), startsAt.minus(Duration.ofHours(12))));
        String customer = users.signIn(s.customerEmail()).accessToken();
        Http.Reply cancelled = http.post("/v1/bookings/" + id + "/cancel", customer, "{\"acknowledgeLateFee\":true}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        JsonNode split = awaitBooking(customer, id, b -> b.at("/escrow/stillHeldCents").asLong() == 0
                && b.at("/escrow/toPlatformCents").asLong() == 1200);
        assertThat(split.at("/escrow/refundedCents").asLong()).isEqualTo(6000);
        assertThat(split.at("/escrow/toProviderCents").asLong()).isEqualTo(6000);
    }

    @Test
    void theSampleEvents_areAnsweredByTheBookingEscrowAndTimersHandlers() throws Exception {
        Setup s = setup();
        var bookingHandler = platform.handler(com.safehold.catalog.Functions.BOOKING,
                com.safehold.booking.BookingApiHandler.class);
        var create = com.amazonaws.services.lambda.runtime.tests.EventLoader
                .loadApiGatewayHttpEvent("../events/booking-create.json");
        JsonNode claims = com.safehold.api.Json.MAPPER.readTree(java.util.Base64.getUrlDecoder()
                .decode(s.customer().split("\\.")[1]));
        create.getRequestContext().getAuthorizer().getJwt().setClaims(new java.util.HashMap<>(Map.of(
                "sub", claims.get("sub").asText(), "jti", claims.get("jti").asText(), "cognito:groups", "[customer]")));
        create.setBody(create.getBody().replace("off_00000000000000000000000000000001", s.offerId())
                .replace("0123456789abcdef", s.termsVersion()).replace("2026-12-01T14:00:00Z", inDays(11).toString()));
        var created = bookingHandler.handleRequest(create, null);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(202);
        String bookingId = com.safehold.api.Json.MAPPER.readTree(created.getBody()).get("bookingId").asText();
        awaitBooking(s.customer(), bookingId, b -> b.get("status").asText().equals("PENDING_PROVIDER"));

        var escrowHandler = platform.handler(com.safehold.catalog.Functions.ESCROW,
                com.safehold.escrow.EscrowWorkerHandler.class);
        var sqsEvent = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadSQSEvent("../events/escrow-command.json");
        sqsEvent.getRecords().getFirst().setBody(sqsEvent.getRecords().getFirst().getBody()
                .replace("bkg_0123456789abcdef0123456789abcdef", bookingId));
        assertThat(escrowHandler.handleRequest(sqsEvent, null).getBatchItemFailures()).isEmpty(); // a redelivery
        assertThat(platform.payments().holdsPlaced(bookingId)).isEqualTo(1);

        var timers = platform.handler(com.safehold.catalog.Functions.TIMERS,
                com.safehold.booking.BookingTimersHandler.class);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> tick = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadEvent(
                "../events/timers-scheduled.json", java.util.Map.class);
        assertThat(com.safehold.api.Json.MAPPER.readTree(timers.handleRequest(tick, null)).isObject()).isTrue();
    }

    @Test
    void escrowNobodyClaims_isRefundedToTheCustomer_afterUnclaimedEscrowHours_andAdminsMayRead() {
        Setup s = setup();
        Instant startsAt = inDays(2);
        String id = book(s, bookingJson(s, startsAt, "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        http.post("/v1/bookings/" + id + "/accept", s.provider(), "");
        awaitBooking(s.customer(), id, b -> b.at("/escrow/toPlatformCents").asLong() == 1200);

        // the slot ends 2 hours after the start; 72 hours later (the default) nobody has checked in or disputed
        advance(Duration.between(platform.clock().now(), startsAt.plus(Duration.ofHours(2 + 72)).plusSeconds(90)));
        String customer = users.signIn(s.customerEmail()).accessToken();
        JsonNode unclaimed = awaitBooking(customer, id, b -> b.at("/escrow/refundedCents").asLong() == 12000);
        assertThat(unclaimed.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(unclaimed.get("timeline").get(unclaimed.get("timeline").size() - 1).get("reason").asText())
                .isEqualTo("unclaimed_escrow");
        assertThat(unclaimed.at("/escrow/stillHeldCents").asLong()).isZero();

        Http.Reply asAdmin = http.get("/v1/bookings/" + id, users.token(Role.ADMIN));
        assertThat(asAdmin.status()).isEqualTo(200);
    }
}
