package com.safehold.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.FaultInjector.Fault;
import com.safehold.adapters.testing.FaultInjector.Injected;
import com.safehold.adapters.testing.FaultInjector.Kind;
import com.safehold.adapters.testing.FaultInjector.Phase;
import com.safehold.adapters.testing.FaultInjector.Reach;
import com.safehold.adapters.testing.FaultInjector.Target;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.escrow.Ledger;
import com.safehold.domain.escrow.LedgerEntry;
import com.safehold.local.faults.FaultWorld.Reply;
import com.safehold.local.faults.FaultWorld.Who;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Booking, escrow, dispute and purge flows through the real handlers while the SDK calls under them fail
 * (docs/decisions/0020-fault-injection-and-redrive.md): throttling, 5xx answers, timeouts and SQS batches with
 * failed entries, before a request is sent and after the service carried it out, absorbed by the SDK's retries
 * or surfaced to the handler. The world retries the way AWS and a careful client do ({@link FaultWorld}); once
 * the faults stop and everything settles, every booking is where its story says, every ledger verifies and
 * balances, the payment provider moved exactly what the ledger records, no command is left behind and no purge
 * is half done. Besides the random run, each dangerous case on its own with an explicit plan, and the dead-letter
 * queue with its redrive. The seed is printed on failure; {@code -Dsafehold.faults.seed=N} replays or varies a run.
 */
class FaultInjectionTest {

    static final long SEED = Long.getLong("safehold.faults.seed", 20261123L);
    static final long PRICE = 12000;
    static final long FEE = 1200;
    static final String OFFER = """
            {"title":"Guided city walk","description":"Old town, two hours","priceCents":12000,"currency":"EUR",
             "durationMinutes":120,
             "terms":[{"id":"t1","kind":"INTRO_MEETING","text":"We first meet at the cafe for 15 minutes"}],
             "venue":{"name":"Cafe Central","lat":48.2104,"lon":16.3656,"radiusMeters":150},
             "cancellationPolicy":{"freeUntilHours":48,"lateRefundPercent":50,"noCancelWithinHours":6}}""";

    static FaultWorld world;

    @RegisterExtension
    final TestWatcher seedOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("FaultInjectionTest." + context.getDisplayName() + " failed with seed " + SEED
                    + " (-Dsafehold.faults.seed=" + SEED + "); faults injected: " + world.faults.injected());
        }
    };

    @BeforeAll
    static void start() throws Exception {
        world = new FaultWorld(SEED);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void calm() {
        world.faults.off();
        world.faults.clear();
        world.faults.forget();
        world.payments.down(false);
        world.emptyQueues();
        for (int i = 0; i < 3; i++) {
            world.minute(); // what earlier tests left due (their clock jumps make deadlines pass) is served first
        }
    }

    // ---- the stories ---------------------------------------------------------------------------------------

    /** What happens to one booking, and where its money must end up. */
    enum Story {
        COMPLETED("pm_ok", BookingStatus.COMPLETED, new EscrowBalance(PRICE + FEE, FEE, PRICE, 0, 0)),
        COMPLETED_AFTER_PROVIDER_HICCUP("pm_unavailable", BookingStatus.COMPLETED,
                new EscrowBalance(PRICE + FEE, FEE, PRICE, 0, 0)),
        DECLINED("pm_ok", BookingStatus.DECLINED, new EscrowBalance(PRICE + FEE, 0, 0, PRICE + FEE, 0)),
        CANCELLED_BEFORE_ACCEPTANCE("pm_ok", BookingStatus.CANCELLED, new EscrowBalance(PRICE + FEE, 0, 0, PRICE + FEE, 0)),
        EXPIRED("pm_ok", BookingStatus.EXPIRED, new EscrowBalance(PRICE + FEE, 0, 0, PRICE + FEE, 0)),
        HOLD_DECLINED("pm_declined", BookingStatus.HOLD_FAILED, EscrowBalance.NONE),
        CANCELLED_LATE("pm_ok", BookingStatus.CANCELLED, new EscrowBalance(PRICE + FEE, FEE, PRICE / 2, PRICE / 2, 0)),
        CANCELLED_BY_PROVIDER("pm_ok", BookingStatus.CANCELLED, new EscrowBalance(PRICE + FEE, 0, 0, PRICE + FEE, 0)),
        DISPUTE_SPLIT_BY_ADMIN("pm_ok", BookingStatus.COMPLETED, new EscrowBalance(PRICE + FEE, FEE, 7000, PRICE - 7000, 0)),
        DISPUTE_DECIDED_BY_SILENCE("pm_ok", BookingStatus.CANCELLED, new EscrowBalance(PRICE + FEE, 0, 0, PRICE + FEE, 0)),
        UNCLAIMED("pm_ok", BookingStatus.CANCELLED, new EscrowBalance(PRICE + FEE, FEE, 0, PRICE, 0));

        final String paymentMethod;
        final BookingStatus end;
        final EscrowBalance money;

        Story(String paymentMethod, BookingStatus end, EscrowBalance money) {
            this.paymentMethod = paymentMethod;
            this.end = end;
            this.money = money;
        }
    }

    /** One booking's cast: its own provider and offer (so every booking can start at the same time). */
    static final class Journey {
        final Story story;
        final Who provider;
        final Who customer;
        final String offerId;
        final String termsVersion;
        String bookingId;
        String disputeId;

        Journey(Story story, Who provider, Who customer, String offerId, String termsVersion) {
            this.story = story;
            this.provider = provider;
            this.customer = customer;
            this.offerId = offerId;
            this.termsVersion = termsVersion;
        }

        Map<String, String> id() {
            return Map.of("id", bookingId);
        }

        @Override
        public String toString() {
            return story + " " + bookingId;
        }
    }

    /** Answers that said "not possible" to a repeat of a request whose first attempt had done it. */
    private int ambiguousAnswers;

    private Journey cast(Story story) {
        Who provider = world.newUser("provider");
        Reply offer = world.call("POST /v1/offers", Map.of(), OFFER, provider);
        assertThat(offer.status()).as(offer.body().toString()).isEqualTo(201);
        return new Journey(story, provider, world.newUser("customer"), offer.body().get("offerId").asText(),
                offer.body().get("termsVersion").asText());
    }

    private Reply request(Journey j, Instant startsAt) {
        Reply booked = world.call("POST /v1/bookings", Map.of(), """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"%s"}""".formatted(j.offerId, startsAt,
                j.termsVersion, j.story.paymentMethod), j.customer);
        assertThat(booked.status()).as(j.story + ": " + booked.body()).isEqualTo(202);
        j.bookingId = booked.body().get("bookingId").asText();
        return booked;
    }

    private Instant inThreeDays() {
        return world.clock.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
    }

    /** A booking its provider accepted, everything delivered: no faults yet. */
    private Journey accepted(Story story) {
        Journey j = cast(story);
        request(j, inThreeDays());
        world.drainEscrow();
        act(j, "POST /v1/bookings/{id}/accept", j.id(), "", j.provider, BookingStatus.ACCEPTED);
        world.drainEscrow();
        assertThat(world.booking(j.bookingId).outbox()).isEmpty();
        return j;
    }

    /**
     * A state change that must happen. A 2xx is the plain case; after a 5xx whose first attempt had committed, the
     * repeat (a new execution: these routes keep no idempotency record) is refused with a 409 that names the state
     * the first attempt reached, and a client learns the outcome by reading the booking.
     */
    private void act(Journey j, String routeKey, Map<String, String> path, String body, Who who,
            BookingStatus reached) {
        Reply reply = world.call(routeKey, path, body, who);
        if (reply.status() / 100 == 2) {
            return;
        }
        assertThat(reply.attempts()).as(j + " " + routeKey + " refused at once: " + reply.body()).isGreaterThan(1);
        assertThat(reply.status()).as(j + " " + routeKey + ": " + reply.body()).isEqualTo(409);
        assertThat(world.booking(j.bookingId).status()).as(j + " " + routeKey + " after " + reply.body())
                .isEqualTo(reached);
        ambiguousAnswers++;
    }

    // ---- the test ----------------------------------------------------------------------------------------

    @Test
    void underRandomFaults_everyStoryEndsAsWritten_everyLedgerHolds_andNothingIsLostOrMovedTwice() {
        long started = System.nanoTime();
        List<Journey> journeys = new ArrayList<>();
        for (Story story : Story.values()) {
            journeys.add(cast(story));
        }
        Who admin = world.newUser("admin");
        Instant startsAt = world.clock.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        Map<Story, Journey> by = journeys.stream().collect(Collectors.toMap(j -> j.story, j -> j));

        weather();
        world.faults.on();

        // the requests, and their holds, placed by the escrow worker
        journeys.forEach(j -> request(j, startsAt));
        world.drainEscrow();
        assertThat(world.until(() -> journeys.stream()
                .noneMatch(j -> world.booking(j.bookingId).status() == BookingStatus.REQUESTED), 30))
                .as("every hold lands, relayed again by the sweep if need be: %s", describe(journeys)).isTrue();

        // the providers answer, or do not; one customer changes their mind early
        for (Journey j : journeys) {
            switch (j.story) {
                case DECLINED -> act(j, "POST /v1/bookings/{id}/decline", j.id(), "", j.provider, BookingStatus.DECLINED);
                case CANCELLED_BEFORE_ACCEPTANCE -> act(j, "POST /v1/bookings/{id}/cancel", j.id(), "{}", j.customer,
                        BookingStatus.CANCELLED);
                case EXPIRED, HOLD_DECLINED -> { }
                default -> act(j, "POST /v1/bookings/{id}/accept", j.id(), "", j.provider, BookingStatus.ACCEPTED);
            }
        }
        world.drainEscrow();

        // a day later: the unanswered request expires; a late cancellation; a provider cancels
        world.clock.advance(Duration.ofHours(25));
        Journey late = by.get(Story.CANCELLED_LATE);
        Reply warned = world.call("POST /v1/bookings/{id}/cancel", late.id(), "{}", late.customer);
        assertThat(warned.code()).as(warned.body().toString()).isEqualTo("late_fee_applies");
        act(late, "POST /v1/bookings/{id}/cancel", late.id(), "{\"acknowledgeLateFee\":true}", late.customer,
                BookingStatus.CANCELLED);
        Journey dropped = by.get(Story.CANCELLED_BY_PROVIDER);
        act(dropped, "POST /v1/bookings/{id}/cancel", dropped.id(), "{}", dropped.provider, BookingStatus.CANCELLED);
        assertThat(world.until(() -> world.booking(by.get(Story.EXPIRED).bookingId).status() == BookingStatus.EXPIRED,
                10)).isTrue();

        // the meetings: two check-ins
        world.clock.advance(Duration.between(world.clock.now(), startsAt.minus(Duration.ofMinutes(10))));
        checkIn(by.get(Story.COMPLETED));
        checkIn(by.get(Story.COMPLETED_AFTER_PROVIDER_HICCUP));

        // half an hour in: two disputes
        world.clock.advance(Duration.ofMinutes(40));
        Journey split = by.get(Story.DISPUTE_SPLIT_BY_ADMIN);
        Reply said = world.call("POST /v1/bookings/{id}/messages", split.id(),
                "{\"text\":\"I am waiting at the cafe, where are you?\"}", split.customer);
        assertThat(said.status()).as(said.body().toString()).isEqualTo(201);
        split.disputeId = file(split, split.provider, "MISCONDUCT");
        Reply objected = world.call("POST /v1/disputes/{id}/objection", Map.of("id", split.disputeId),
                "{\"statement\":\"The session ran over, so I left\"}", split.customer);
        assertThat(objected.status() == 200 || objected.attempts() > 1 && "already_objected".equals(objected.code()))
                .as(objected.body().toString()).isTrue();
        Reply resolved = world.call("POST /v1/admin/disputes/{id}/resolve", Map.of("id", split.disputeId),
                "{\"outcome\":\"SPLIT\",\"providerCents\":7000}", admin);
        assertThat(resolved.status() == 200 || resolved.attempts() > 1 && "dispute_resolved".equals(resolved.code()))
                .as(resolved.body().toString()).isTrue();
        Journey silent = by.get(Story.DISPUTE_DECIDED_BY_SILENCE);
        silent.disputeId = file(silent, silent.customer, "PROVIDER_NO_SHOW");

        // nobody objects within 48 hours; nobody claims the last escrow within 72 hours after the slot
        world.clock.advance(Duration.ofHours(49));
        assertThat(world.until(() -> world.booking(silent.bookingId).status() == BookingStatus.CANCELLED, 10)).isTrue();
        world.clock.advance(Duration.ofHours(25));
        Journey unclaimed = by.get(Story.UNCLAIMED);
        assertThat(world.until(() -> world.booking(unclaimed.bookingId).status() == BookingStatus.CANCELLED, 10))
                .isTrue();

        // the faults stop; whatever is still on its way arrives
        world.faults.off();
        assertThat(world.until(() -> journeys.stream().allMatch(j -> world.booking(j.bookingId).outbox().isEmpty()), 10))
                .as("every outbox empties once the faults stop: %s", describe(journeys)).isTrue();
        world.drainEscrow();

        for (Journey j : journeys) {
            assertSettled(j);
        }
        assertThat(world.escrowDepth()).as("no command waits anywhere, dead-letter queue included")
                .isEqualTo(new com.safehold.local.DeadLetters.Depth("escrow-commands", 0, 0, 0));
        assertThat(world.payments.conflicts()).isEmpty();

        // a year on: the purge, under faults again, run again by EventBridge until it is through
        world.clock.advance(Duration.ofDays(366));
        world.faults.on();
        for (int run = 0; run < 20 && !allPurged(journeys); run++) {
            world.purge();
        }
        world.faults.off();
        world.purge(); // the next day's run finds nothing left
        for (Journey j : journeys) {
            assertPurged(j);
        }

        report("random faults over " + journeys.size() + " lifecycles and their purge", started);
        assertThat(world.faults.faultedCalls()).as("a run that injected nothing proves nothing").isGreaterThan(30);
        // transaction conflicts are planned one at a time (the loyalty case below), not drawn in this run
        for (Kind kind : java.util.EnumSet.complementOf(java.util.EnumSet.of(Kind.TRANSACTION_CONFLICT))) {
            assertThat(world.faults.count(i -> i.kind() == kind)).as("faults of kind " + kind).isPositive();
        }
        for (Phase phase : Phase.values()) {
            for (Reach reach : Reach.values()) {
                assertThat(world.faults.count(i -> i.phase() == phase && i.reach() == reach && i.attempt() == 1))
                        .as("faults " + phase + "/" + reach).isPositive();
            }
        }
        assertThat(world.faults.count(i -> i.reach() == Reach.SURFACED && i.phase() == Phase.AFTER_SEND
                && i.operation().equals("TransactWriteItems"))).as("transactions committed, answer lost").isPositive();
    }

    /**
     * The mix of the random run: mostly faults that cost little time, few that make the SDK sit out its whole
     * backoff (a surfaced 5xx: about 2 s for DynamoDB, 0.5 s for SQS, KMS and SNS; an absorbed throttle: about
     * 1 s). The targeted tests below take each expensive case on purpose.
     */
    private static void weather() {
        var faults = world.faults;
        Fault absorbedError = Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.ABSORBED);
        Fault absorbedLostAnswer = Fault.of(Kind.SERVER_ERROR, Phase.AFTER_SEND, Reach.ABSORBED);
        Fault absorbedTimeout = Fault.of(Kind.TIMEOUT, Phase.BEFORE_SEND, Reach.ABSORBED);
        Fault absorbedLostTimeout = Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED);
        Fault throttled = Fault.of(Kind.THROTTLING, Phase.BEFORE_SEND, Reach.SURFACED);
        Fault throttledAfterWriting = Fault.of(Kind.THROTTLING, Phase.AFTER_SEND, Reach.SURFACED);
        Fault failedAfterWriting = Fault.of(Kind.SERVER_ERROR, Phase.AFTER_SEND, Reach.SURFACED);
        faults.randomly(Target.of("dynamodb", "TransactWriteItems"), 0.12, List.of(throttledAfterWriting,
                throttledAfterWriting, failedAfterWriting, absorbedLostTimeout, absorbedLostTimeout, absorbedError));
        faults.randomly(Target.anyOf("dynamodb"), 0.04, List.of(absorbedError, absorbedLostAnswer, absorbedTimeout,
                absorbedLostTimeout, throttled, throttledAfterWriting));
        faults.randomly(Target.anyOf("dynamodb"), 0.003,
                List.of(Fault.of(Kind.THROTTLING, Phase.BEFORE_SEND, Reach.ABSORBED)));
        faults.randomly(Target.of("sqs", "SendMessageBatch"), 0.3, List.of(Fault.partialBatch(Phase.BEFORE_SEND),
                Fault.partialBatch(Phase.AFTER_SEND), failedAfterWriting, absorbedLostTimeout, throttled));
        faults.randomly(Target.of("sqs", "DeleteMessageBatch"), 0.15, List.of(failedAfterWriting, throttled));
        // a receive whose answer is lost hides its messages for the queue's real-time visibility timeout (60 s), which
        // the platform clock cannot skip; that is the event source mapping's business anyway, not our code's
        faults.randomly(Target.of("sqs", "ReceiveMessage"), 0.05, List.of(throttled, absorbedTimeout));
        faults.randomly(Target.anyOf("kms"), 0.08, List.of(Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND,
                Reach.SURFACED), absorbedLostTimeout, throttledAfterWriting));
        faults.randomly(Target.anyOf("sns"), 0.3, List.of(throttled, absorbedLostTimeout, throttledAfterWriting));
    }

    // ---- the dangerous cases, one at a time ------------------------------------------------------------------

    @Test
    void aBookingStoredWhoseAnswerWasLost_isFoundByTheRetryWithTheSameKey_oneBookingOneHold() {
        Journey lost = cast(Story.COMPLETED);
        Journey absorbed = cast(Story.COMPLETED);
        world.faults.on();
        // the transaction that stores the booking commits, then its answer is lost and the SDK gives up: a 500
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"),
                Fault.of(Kind.SERVER_ERROR, Phase.AFTER_SEND, Reach.SURFACED));
        Reply first = request(lost, inThreeDays());
        assertThat(first.attempts()).as("the client saw a 500 problem, and repeated with the same key").isEqualTo(2);
        // the same, but the SDK repeats the transaction itself, with the same ClientRequestToken: no second write
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"),
                Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED));
        assertThat(request(absorbed, inThreeDays()).attempts()).isEqualTo(1);
        world.faults.off();
        world.drainEscrow();
        world.minute();

        assertThat(world.faults.faultedCalls()).isEqualTo(2);
        for (Journey j : List.of(lost, absorbed)) {
            assertThat(world.booking(j.bookingId).status()).isEqualTo(BookingStatus.PENDING_PROVIDER);
            assertThat(world.payments.holdsPlaced(j.bookingId)).isEqualTo(1);
            assertThat(world.ledger(j.bookingId).entries()).hasSize(2);
            assertThat(world.audit.bookingsOf(j.customer.id())).as("one booking per request").hasSize(1);
        }
    }

    /** A booking of the journey's offer three days ahead, as its customer sends it. */
    private String bookingRequest(Journey j) {
        return """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(j.offerId, inThreeDays(),
                j.termsVersion);
    }

    @Test
    void theSdkRepeatingTheIdempotencyClaim_doesNotLockTheRequestOutOfItsOwnKey() {
        Journey j = cast(Story.COMPLETED);
        world.faults.on();
        // the claim's conditional put is stored, its answer lost; the SDK's repeat finds the record it wrote itself
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.IDEMPOTENCY.name()),
                Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED));
        Reply reply = world.once("POST /v1/bookings", Map.of(), bookingRequest(j), j.customer,
                "claim-" + j.customer.id().value(), 1);
        assertThat(reply.status()).as("not 409 idempotency_request_in_progress for its own claim: " + reply.body())
                .isEqualTo(202);
        assertThat(world.faults.injected()).singleElement().extracting(Injected::phase).isEqualTo(Phase.AFTER_SEND);
    }

    @Test
    void aBookingStoredWhoseResponseCouldNotBeRecorded_isStillAnswered() {
        Journey j = cast(Story.COMPLETED);
        world.faults.on();
        world.faults.next(Target.of("dynamodb", "UpdateItem").onTable(Tables.IDEMPOTENCY.name()),
                Fault.of(Kind.THROTTLING, Phase.BEFORE_SEND, Reach.SURFACED));
        Reply reply = world.once("POST /v1/bookings", Map.of(), bookingRequest(j), j.customer,
                "complete-" + j.customer.id().value(), 1);
        assertThat(reply.status()).as("the booking exists: a 500 would make the client try again: " + reply.body())
                .isEqualTo(202);
        assertThat(world.faults.faultedCalls()).isEqualTo(1);
        world.faults.off();
        world.drainEscrow();
        assertThat(world.booking(reply.body().get("bookingId").asText()).status())
                .isEqualTo(BookingStatus.PENDING_PROVIDER);
    }

    @Test
    void anOfferStoredWhoseAnswerWasLost_isPublishedOnce() {
        Who provider = world.newUser("provider");
        world.faults.on();
        // the SDK repeats a put whose answer was lost, and the repeat fails its condition on its own write
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.OFFERS.name()),
                Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED));
        Reply absorbed = world.call("POST /v1/offers", Map.of(), OFFER, provider);
        assertThat(absorbed.status()).as(absorbed.body().toString()).isEqualTo(201);
        assertThat(absorbed.attempts()).as("not a 500 for an offer that was stored").isEqualTo(1);
        // the write happens, its answer is lost and the SDK gives up: a 500; the client repeats with the same key
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.OFFERS.name()),
                Fault.of(Kind.THROTTLING, Phase.AFTER_SEND, Reach.SURFACED));
        Reply surfaced = world.call("POST /v1/offers", Map.of(), OFFER, provider);
        assertThat(surfaced.status()).isEqualTo(201);
        assertThat(surfaced.attempts()).isEqualTo(2);
        world.faults.off();
        assertThat(world.faults.faultedCalls()).isEqualTo(2);
        var offers = world.admin.scan(r -> r.tableName(Tables.OFFERS.name()).filterExpression("providerId = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(provider.id().value())))).items();
        assertThat(offers).as("one offer per request, whatever was retried").hasSize(2)
                .extracting(item -> item.get("offerId").s())
                .contains(absorbed.body().get("offerId").asText(), surfaced.body().get("offerId").asText());
    }

    // ---- loyalty (decision 0012) -------------------------------------------------------------------------------

    static final double SHOP_LAT = 48.2104;
    static final double SHOP_LON = 16.3656;

    /** A merchant's store in a program of its own; returns {storeId, programId}. */
    private String[] shop(Who merchant, int stampsPerReward) {
        Reply store = world.call("POST /v1/stores", Map.of(), """
                {"name":"Faulty café","lat":%s,"lon":%s,"radiusMeters":60}""".formatted(SHOP_LAT, SHOP_LON), merchant);
        assertThat(store.status()).as(store.body().toString()).isEqualTo(201);
        String storeId = store.body().get("storeId").asText();
        Reply program = world.call("POST /v1/loyalty/programs", Map.of(), """
                {"storeIds":["%s"],"stampsPerReward":%d,"cooldownMinutes":0,"reward":"Coffee"}"""
                .formatted(storeId, stampsPerReward), merchant);
        assertThat(program.status()).as(program.body().toString()).isEqualTo(201);
        return new String[] {storeId, program.body().get("programId").asText()};
    }

    private Reply scanAt(Who merchant, String storeId, Who customer, double lat) {
        Reply code = world.call("GET /v1/stores/{id}/display-code", Map.of("id", storeId), null, merchant);
        assertThat(code.status()).as(code.body().toString()).isEqualTo(200);
        return world.call("POST /v1/scans", Map.of(), """
                {"code":"%s","lat":%s,"lon":%s,"accuracyMeters":10,"deviceId":"faulty-phone-%s"}"""
                .formatted(code.body().get("code").asText(), lat, SHOP_LON, customer.id().value()), customer);
    }

    private java.util.Map<String, AttributeValue> rawStore(String storeId) {
        return world.admin.getItem(r -> r.tableName(Tables.STORES.name()).consistentRead(true)
                .key(Map.of("storeId", AttributeValue.fromS(storeId)))).item();
    }

    @Test
    void aRedeemWhoseWriteCommittedAndWhoseAnswerWasLost_spendsOneReward_absorbedOrRetriedWithTheSameKey() {
        Who merchant = world.newUser("merchant");
        Who customer = world.newUser("customer");
        String[] shop = shop(merchant, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(scanAt(merchant, shop[0], customer, SHOP_LAT).status()).isEqualTo(200);
        }
        Map<String, String> card = Map.of("programId", shop[1]);
        world.faults.on();
        // the redemption's write commits, its answer is lost, and the SDK repeats it: before, the repeat failed its
        // own version check and the service read the card again and spent a second reward
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"), Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND,
                Reach.ABSORBED));
        Reply absorbed = world.call("POST /v1/loyalty/cards/{programId}/redeem", card, "", customer);
        assertThat(absorbed.status()).as(absorbed.body().toString()).isEqualTo(200);
        assertThat(absorbed.attempts()).isEqualTo(1);
        assertThat(absorbed.body().get("stampsLeft").asInt()).isEqualTo(2);
        // the write commits, the SDK gives up (a 500), and the client repeats with the same key: the card
        // remembers the attempt, so the retry answers the redemption that happened instead of spending again
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"), Fault.of(Kind.SERVER_ERROR, Phase.AFTER_SEND,
                Reach.SURFACED));
        Reply surfaced = world.call("POST /v1/loyalty/cards/{programId}/redeem", card, "", customer);
        assertThat(surfaced.status()).as(surfaced.body().toString()).isEqualTo(200);
        assertThat(surfaced.attempts()).as("the client saw a 500 and repeated").isEqualTo(2);
        assertThat(surfaced.body().get("stampsLeft").asInt()).isEqualTo(1);
        assertThat(surfaced.body().get("rewardsRedeemed").asInt()).isEqualTo(2);
        world.faults.off();

        assertThat(world.faults.faultedCalls()).isEqualTo(2);
        var cards = world.call("GET /v1/loyalty/cards", Map.of(), null, customer).body().get("cards");
        assertThat(cards.get(0).get("rewardsRedeemed").asInt()).as("two requests, two rewards").isEqualTo(2);
        assertThat(cards.get(0).get("stamps").asInt()).as("one stamp per reward spent").isEqualTo(1);
    }

    @Test
    void aStoreOpenedOrRevokedWhoseAnswerWasLost_isOpenedOnce_andRevokedOnce() {
        Who merchant = world.newUser("merchant");
        world.faults.on();
        // the SDK repeats a put whose answer was lost; before, the repeat failed attribute_not_exists: a 500
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.STORES.name()),
                Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED));
        Reply absorbed = world.call("POST /v1/stores", Map.of(),
                "{\"name\":\"Kiosk\",\"lat\":48.2,\"lon\":16.3,\"radiusMeters\":50}", merchant);
        assertThat(absorbed.status()).as(absorbed.body().toString()).isEqualTo(201);
        assertThat(absorbed.attempts()).as("not a 500 for a store that was stored").isEqualTo(1);
        // stored, answer lost, the SDK gives up: the client's retry with the same key finds the same store
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.STORES.name()),
                Fault.of(Kind.THROTTLING, Phase.AFTER_SEND, Reach.SURFACED));
        Reply surfaced = world.call("POST /v1/stores", Map.of(),
                "{\"name\":\"Stall\",\"lat\":48.2,\"lon\":16.3,\"radiusMeters\":50}", merchant);
        assertThat(surfaced.status()).as(surfaced.body().toString()).isEqualTo(201);
        assertThat(surfaced.attempts()).isEqualTo(2);
        var stores = world.admin.scan(r -> r.tableName(Tables.STORES.name()).filterExpression("merchantId = :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromS(merchant.id().value())))).items();
        assertThat(stores).as("one store per request").extracting(item -> item.get("storeId").s())
                .containsExactlyInAnyOrder(absorbed.body().get("storeId").asText(), surfaced.body().get("storeId").asText());

        // the kill switch's put is repeated by the SDK: before, the repeat failed its version check and the
        // service raised the epoch and recorded the quarantine a second time
        String storeId = absorbed.body().get("storeId").asText();
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.STORES.name()),
                Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED));
        Reply revoked = world.call("POST /v1/stores/{id}/revoke-codes", Map.of("id", storeId),
                "{\"quarantineStampsSince\":\"" + world.clock.now().minusSeconds(60) + "\"}", merchant);
        assertThat(revoked.status()).as(revoked.body().toString()).isEqualTo(200);
        assertThat(revoked.attempts()).isEqualTo(1);
        world.faults.off();
        assertThat(world.faults.faultedCalls()).isEqualTo(3);
        var item = rawStore(storeId);
        assertThat(item.get("codeEpoch").n()).as("raised once").isEqualTo("1");
        assertThat(item.get("quarantines").l()).as("recorded once").hasSize(1);
        assertThat(revoked.body().get("codeEpoch").asLong()).isEqualTo(1);
    }

    @Test
    void transactionConflicts_neverTurnARefusalIntoA500_andAnAcceptedScanRetriesThem() {
        Who merchant = world.newUser("merchant");
        String[] shop = shop(merchant, 5);
        world.faults.on();
        // before, every refusal wrote the store's counter in a transaction, and a conflict on it was a 500
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"), 5, Fault.transactionConflict());
        Reply away = scanAt(merchant, shop[0], world.newUser("customer"), SHOP_LAT + 0.009); // 1 km north
        assertThat(away.status()).as(away.body().toString()).isEqualTo(403);
        assertThat(away.code()).isEqualTo("outside_store");
        assertThat(away.attempts()).as("answered at once, no 500 on the way").isEqualTo(1);
        world.faults.clear();
        // an accepted scan's transaction conflicts twice (another scan of the card or the code): retried, one stamp
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"), 2, Fault.transactionConflict());
        Who customer = world.newUser("customer");
        Reply accepted = scanAt(merchant, shop[0], customer, SHOP_LAT);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
        assertThat(accepted.attempts()).isEqualTo(1);
        assertThat(accepted.body().get("stamps").asInt()).isEqualTo(1);
        assertThat(world.faults.count(i -> i.kind() == Kind.TRANSACTION_CONFLICT)).isEqualTo(2);
        // the counters are a statistic: when their update fails for good, the scan is still answered
        world.faults.next(Target.of("dynamodb", "UpdateItem").onTable(Tables.SCANS.name()),
                Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.SURFACED));
        Reply uncounted = scanAt(merchant, shop[0], world.newUser("customer"), SHOP_LAT + 0.009);
        assertThat(uncounted.status()).as(uncounted.body().toString()).isEqualTo(403);
        assertThat(uncounted.attempts()).isEqualTo(1);
        world.faults.off();

        var stats = world.call("GET /v1/stores/{id}/scan-stats", Map.of("id", shop[0]), null, merchant).body();
        assertThat(stats.get("accepted").asInt()).isEqualTo(1);
        assertThat(stats.at("/refused/outside_store").asInt()).as("the uncounted refusal is missing, nothing else")
                .isEqualTo(1);
        long records = world.admin.query(r -> r.tableName(Tables.SCANS.name())
                .keyConditionExpression("storeId = :s AND begins_with(scanKey, :p)")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(shop[0]), ":p", AttributeValue.fromS("scan#"))))
                .count();
        assertThat(records).as("every scan's record, the uncounted one too").isEqualTo(3);
        assertThat(world.call("GET /v1/loyalty/cards", Map.of(), null, customer).body().at("/cards/0/stamps").asInt())
                .isEqualTo(1);
    }

    @Test
    void commandsWhoseSendFailed_stayInTheOutbox_andTheSweepRelaysThem_eachAppliedOnce() {
        Journey j = accepted(Story.CANCELLED_BY_PROVIDER);
        world.faults.on();
        // the provider's cancellation causes two commands; one of the batch is not accepted by SQS
        world.faults.next(Target.of("sqs", "SendMessageBatch"), Fault.partialBatch(Phase.BEFORE_SEND));
        act(j, "POST /v1/bookings/{id}/cancel", j.id(), "{}", j.provider, BookingStatus.CANCELLED);
        world.faults.off();
        assertThat(world.faults.injected()).singleElement().extracting(Injected::phase).isEqualTo(Phase.BEFORE_SEND);
        assertThat(world.booking(j.bookingId).outbox()).hasSize(2);
        world.drainEscrow();
        assertThat(world.booking(j.bookingId).outbox()).as("the one that was not sent is still recorded").hasSize(1);
        world.minute(); // the sweep relays it
        assertSettled(j);
    }

    @Test
    void theWorkersWriteLostAfterTheProviderMoved_andADeleteLost_changeNothingOnRedelivery() {
        Journey j = cast(Story.COMPLETED);
        request(j, inThreeDays());
        world.drainEscrow();
        act(j, "POST /v1/bookings/{id}/accept", j.id(), "", j.provider, BookingStatus.ACCEPTED);
        world.faults.on();
        // the worker moves the booking fee and commits the ledger, then loses the answer: it reports the message failed
        world.faults.next(Target.of("dynamodb", "TransactWriteItems"),
                Fault.of(Kind.SERVER_ERROR, Phase.AFTER_SEND, Reach.SURFACED));
        // the redelivery finds the transaction in the ledger; then its delete is lost, and it comes a third time
        world.faults.next(Target.of("sqs", "DeleteMessageBatch"),
                Fault.of(Kind.THROTTLING, Phase.BEFORE_SEND, Reach.SURFACED));
        int failedBefore = world.weather.failedDeliveries;
        int lostBefore = world.weather.lostDeletes;
        world.drainEscrow();
        world.faults.off();
        assertThat(world.faults.planPending()).isFalse();
        assertThat(world.weather.failedDeliveries - failedBefore).isEqualTo(1);
        assertThat(world.weather.lostDeletes - lostBefore).isEqualTo(1);
        String fee = j.bookingId + ":accept";
        assertThat(world.payments.calls(fee)).as("the provider was asked once: the ledger answered the repeats")
                .isEqualTo(1);
        assertThat(world.ledger(j.bookingId).balance()).isEqualTo(new EscrowBalance(PRICE + FEE, FEE, 0, 0, PRICE));
        assertThat(world.booking(j.bookingId).outbox()).isEmpty();
    }

    @Test
    void aTimerThatFails_doesNotKeepTheSweepFromTheOtherDueBookings() {
        Journey first = cast(Story.COMPLETED);
        Journey second = cast(Story.COMPLETED);
        world.faults.on();
        // both requests are stored, and both sends of their hold fail: the holds wait in the outboxes
        world.faults.next(Target.of("sqs", "SendMessageBatch"), 2,
                Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.SURFACED));
        request(first, inThreeDays());
        request(second, inThreeDays());
        assertThat(world.escrowDepth().waiting()).isZero();
        world.clock.advance(Duration.ofSeconds(31));
        // the sweep's first relay fails too
        world.faults.next(Target.of("sqs", "SendMessageBatch"),
                Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.SURFACED));
        assertThat(world.sweep()).as("the sweep reports the failure and goes on").isTrue();
        world.faults.off();
        world.drainEscrow();
        assertThat(List.of(first, second)).as("the other booking's hold was relayed in the same run")
                .filteredOn(j -> world.booking(j.bookingId).status() == BookingStatus.PENDING_PROVIDER).hasSize(1);
        world.minute(); // the next run relays the one that failed
        assertThat(List.of(first, second))
                .allSatisfy(j -> assertThat(world.booking(j.bookingId).status()).isEqualTo(BookingStatus.PENDING_PROVIDER));
    }

    @Test
    void aPurgeInterruptedBetweenItsSteps_isFinishedByTheNextRun_andReportedAsPurged() {
        world.clock.advance(Duration.ofDays(366));
        world.purge(); // without faults: whatever earlier tests left behind and could be purged, is
        Journey j = accepted(Story.COMPLETED);
        Reply said = world.call("POST /v1/bookings/{id}/messages", j.id(), "{\"text\":\"See you at the cafe\"}",
                j.customer);
        assertThat(said.status()).isEqualTo(201);
        world.clock.advance(Duration.between(world.clock.now(), world.booking(j.bookingId).startsAt()));
        checkIn(j);
        world.drainEscrow();
        world.clock.advance(Duration.ofDays(366));

        world.faults.on();
        // run 1: the messages are deleted and the ledger kept, then the write of the accounting record fails
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.BOOKINGS.name()),
                Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.SURFACED));
        var interrupted = world.purgeReport(world.purge());
        assertThat(interrupted.failed()).contains(j.bookingId);
        assertThat(world.auditSafety.messages(j.bookingId)).as("the children went first").isEmpty();
        assertThat(rawBooking(j.bookingId)).as("the booking itself is untouched, and still due")
                .doesNotContainKey("purgedAt").containsKeys("purgeShard", "checkInSecret");
        // run 2: the accounting record is written, its answer lost, and the SDK repeats the conditional put
        world.faults.next(Target.of("dynamodb", "PutItem").onTable(Tables.BOOKINGS.name()),
                Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED));
        var finished = world.purgeReport(world.purge());
        world.faults.off();
        assertThat(world.faults.planPending()).isFalse();
        assertThat(finished.failed()).doesNotContain(j.bookingId);
        assertThat(finished.purged()).as("the repeat found its own record: purged, not 'changed meanwhile'")
                .isEqualTo(1);
        assertThat(finished.changed()).isZero();
        assertPurged(j);
        var nothingLeft = world.purgeReport(world.purge());
        assertThat(nothingLeft.purged() + nothingLeft.changed() + nothingLeft.failed().size()).isZero();
    }

    // ---- dead letters and the redrive ----------------------------------------------------------------------

    @Test
    void aCommandThatFailsForGood_isDeadLettered_andTheRedriveAppliesItOnce_twiceChangesNothing() {
        Journey j = cast(Story.COMPLETED);
        world.payments.down(true); // the payment provider is down for longer than every retry
        request(j, inThreeDays());
        String hold = j.bookingId + ":hold";
        int deliveries = 0;
        while (world.deliverEscrow() > 0) {
            deliveries++;
        }
        assertThat(deliveries).as("delivered maxReceiveCount times, then dead-lettered")
                .isEqualTo(com.safehold.catalog.Queues.ESCROW_COMMANDS.maxReceiveCount());
        assertThat(world.escrowDepth()).isEqualTo(new com.safehold.local.DeadLetters.Depth("escrow-commands", 0, 0, 1));
        assertThat(world.payments.calls(hold)).as("each delivery tried the provider 4 times")
                .isEqualTo(deliveries * 4);
        Booking waiting = world.booking(j.bookingId);
        assertThat(waiting.status()).isEqualTo(BookingStatus.REQUESTED);
        assertThat(waiting.outbox()).as("the command is not lost: the booking still holds it")
                .extracting(c -> c.commandId()).containsExactly(hold);
        // a second copy of the same command dead-lettered too, as the sweep's relays during a long outage produce
        String dlq = world.escrowDeadLetterUrl();
        var copy = world.adminSqs.receiveMessage(r -> r.queueUrl(dlq).messageSystemAttributeNames(
                software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)).messages().getFirst();
        world.adminSqs.sendMessage(r -> r.queueUrl(dlq).messageBody(copy.body()).messageGroupId(j.bookingId)
                .messageDeduplicationId("second-copy"));
        world.adminSqs.changeMessageVisibility(r -> r.queueUrl(dlq).receiptHandle(copy.receiptHandle())
                .visibilityTimeout(0));

        world.payments.down(false); // the cause is fixed
        var redriven = world.deadLetters.redrive(com.safehold.catalog.Queues.ESCROW_COMMANDS);
        assertThat(redriven.moved()).isEqualTo(2);
        world.drainEscrow();
        assertThat(world.booking(j.bookingId).status()).isEqualTo(BookingStatus.PENDING_PROVIDER);
        assertThat(world.payments.holdsPlaced(j.bookingId)).as("one hold for two redriven copies").isEqualTo(1);
        assertThat(world.payments.calls(hold)).as("the second copy found the hold in the ledger")
                .isEqualTo(deliveries * 4 + 1);
        Ledger once = world.ledger(j.bookingId);
        assertThat(once.entries()).hasSize(2);
        assertThat(world.escrowDepth()).isEqualTo(new com.safehold.local.DeadLetters.Depth("escrow-commands", 0, 0, 0));

        assertThat(world.deadLetters.redrive(com.safehold.catalog.Queues.ESCROW_COMMANDS).moved()).isZero();
        world.drainEscrow();
        assertThat(world.ledger(j.bookingId).entries()).isEqualTo(once.entries());
        assertThat(world.booking(j.bookingId).outbox()).isEmpty();
    }

    @Test
    void aCommandItsBookingNeverRecorded_isRefusedAtOnce_withoutTheProviderMovingAnything() {
        Journey j = cast(Story.COMPLETED);
        request(j, inThreeDays());
        world.drainEscrow();
        // a producer with a bug (or a hand-sent message) asks to refund more than escrow holds
        var forged = new com.safehold.domain.bookings.EscrowCommand(j.bookingId + ":forged", j.bookingId,
                com.safehold.domain.escrow.MovementKind.REFUND, 99_999);
        world.sendEscrow(forged);
        int deliveries = 0;
        while (world.deliverEscrow() > 0) {
            deliveries++;
        }
        assertThat(deliveries).as("not in the booking's outbox: refused on first delivery, nothing to retry")
                .isEqualTo(1);
        assertThat(world.escrowDepth().deadLettered()).isZero();
        assertThat(world.payments.calls(forged.commandId())).isZero();
        assertThat(world.ledger(j.bookingId).balance()).isEqualTo(new EscrowBalance(PRICE + FEE, 0, 0, 0, PRICE + FEE));
        world.emptyQueues();
    }

    private void checkIn(Journey j) {
        for (int tries = 0; tries < 3; tries++) {
            Reply code = world.call("GET /v1/bookings/{id}/check-in-code", j.id(), null, j.customer);
            assertThat(code.status()).as(code.body().toString()).isEqualTo(200);
            Reply done = world.call("POST /v1/bookings/{id}/check-in", j.id(), """
                    {"code":"%s","lat":48.2104,"lon":16.3656,"accuracyMeters":10}""".formatted(
                    code.body().get("code").asText()), j.provider);
            if (done.status() == 200) {
                return;
            }
            if (done.attempts() > 1 && done.status() == 409
                    && world.booking(j.bookingId).status() == BookingStatus.COMPLETED) {
                ambiguousAnswers++;
                return;
            }
            assertThat(done.code()).as(done.body().toString()).isEqualTo("invalid_code"); // the code rotated meanwhile
        }
        throw new AssertionError(j + ": no check-in in three tries");
    }

    private String file(Journey j, Who reporter, String reason) {
        Reply filed = world.call("POST /v1/bookings/{id}/disputes", j.id(),
                "{\"reason\":\"%s\",\"statement\":\"It did not go as agreed\",\"evidence\":[]}".formatted(reason),
                reporter);
        if (filed.status() != 201) {
            // the first attempt opened it and lost its answer; the booking names the dispute
            assertThat(filed.attempts()).as(filed.body().toString()).isGreaterThan(1);
            assertThat(filed.code()).isEqualTo("dispute_already_open");
            ambiguousAnswers++;
        }
        List<com.safehold.domain.disputes.Dispute> disputes = world.auditSafety.disputesOf(j.bookingId);
        assertThat(disputes).as(j + ": one dispute, whatever was retried").hasSize(1);
        return disputes.getFirst().disputeId();
    }

    private String describe(List<Journey> journeys) {
        StringBuilder out = new StringBuilder("now " + world.clock.now() + ", queue " + world.escrowDepth());
        for (Journey j : journeys) {
            if (j.bookingId == null) {
                continue;
            }
            Booking b = world.booking(j.bookingId);
            out.append("\n  ").append(j).append(": ").append(b.status()).append(" outbox ")
                    .append(b.outbox().stream().map(c -> c.commandId()).toList()).append(" due ").append(b.dueAt())
                    .append(" ledger ").append(world.ledger(j.bookingId).balance());
        }
        return out.toString();
    }

    // ---- the checks --------------------------------------------------------------------------------------

    /** SPEC 4.4's invariants for a booking that can no longer change, and the provider's record against its ledger. */
    private void assertSettled(Journey j) {
        Booking booking = world.booking(j.bookingId);
        Ledger ledger = world.ledger(j.bookingId);
        assertThat(booking.status()).as(j + " ends").isEqualTo(j.story.end);
        assertThat(ledger.verifies()).as(j + ": hash chain intact and every transaction sums to zero").isTrue();
        assertThat(ledger.balance().invariantHolds()).as(j + ": held = platform + provider + refunded + held").isTrue();
        assertThat(ledger.balance()).as(j + " money").isEqualTo(j.story.money);
        assertThat(booking.escrow()).as(j + ": the booking's summary is its ledger").isEqualTo(ledger.balance());
        assertThat(booking.outbox()).as(j + ": no command left unconfirmed").isEmpty();
        Map<String, Long> recorded = new TreeMap<>();
        Map<String, Integer> legs = new TreeMap<>();
        for (LedgerEntry e : ledger.entries()) {
            recorded.merge(e.transactionId(), Math.abs(e.amount()), Math::max);
            legs.merge(e.transactionId(), 1, Integer::sum);
        }
        assertThat(legs).as(j + ": each transaction once, two legs").allSatisfy((tx, n) -> assertThat(n).isEqualTo(2));
        Map<String, Long> performed = new TreeMap<>();
        world.payments.performedFor(j.bookingId).forEach(p -> performed.put(p.key(), p.amount()));
        assertThat(performed).as(j + ": what the provider moved is what the ledger records, each once")
                .isEqualTo(recorded);
    }

    private boolean allPurged(List<Journey> journeys) {
        return journeys.stream().allMatch(j -> rawBooking(j.bookingId).containsKey("purgedAt"));
    }

    private Map<String, AttributeValue> rawBooking(String bookingId) {
        return world.admin.getItem(r -> r.tableName(Tables.BOOKINGS.name()).consistentRead(true)
                .key(Map.of("bookingId", AttributeValue.fromS(bookingId)))).item();
    }

    /** SPEC 4.10: nothing personal left, the accounting record and its ledger kept, nothing half done. */
    private void assertPurged(Journey j) {
        Map<String, AttributeValue> item = rawBooking(j.bookingId);
        assertThat(item).as(j + " purged").containsKeys("purgedAt", "ledgerHead", "escrow", "priceCents");
        assertThat(item).as(j + ": personal and booking details gone")
                .doesNotContainKeys("checkInSecret", "consent", "paymentMethod", "timeline", "outbox", "terms",
                        "venue", "purgeShard", "dueShard");
        Ledger ledger = world.ledger(j.bookingId);
        assertThat(ledger.verifies()).isTrue();
        assertThat(item.get("ledgerHead").s()).isEqualTo(ledger.entries().isEmpty() ? ""
                : ledger.entries().getLast().hash());
        assertThat(world.auditSafety.messages(j.bookingId)).isEmpty();
        assertThat(world.auditSafety.disputesOf(j.bookingId)).isEmpty();
        for (LedgerEntry e : ledger.entries()) {
            var stored = world.admin.getItem(r -> r.tableName(Tables.LEDGER.name()).key(Map.of(
                    "bookingId", AttributeValue.fromS(j.bookingId),
                    "seq", AttributeValue.fromS(String.format("%012d", e.seq()))))).item();
            assertThat(stored).as(j + " ledger entry " + e.seq() + " kept for ten years").containsKey("expiresAt");
        }
    }

    private void report(String what, long startedNanos) {
        Map<String, Long> byFault = new TreeMap<>();
        for (Injected i : world.faults.injected()) {
            byFault.merge(i.service() + "." + i.operation() + " " + i.kind() + "/" + i.phase() + "/" + i.reach(), 1L,
                    Long::sum);
        }
        StringBuilder out = new StringBuilder("FaultInjectionTest, " + what + ": seed " + SEED + ", "
                + world.faults.faultedCalls() + " calls failed (" + world.faults.injected().size() + " attempts) in "
                + (System.nanoTime() - startedNanos) / 1_000_000 + " ms; " + world.weather + "; "
                + ambiguousAnswers + " repeats answered 409 after their first attempt had committed\n");
        byFault.forEach((k, v) -> out.append("  ").append(v).append(" × ").append(k).append('\n'));
        System.out.print(out);
    }
}
