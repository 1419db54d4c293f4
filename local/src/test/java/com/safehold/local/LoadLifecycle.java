package com.safehold.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One booking lifecycle of the load test, over HTTP through the local gateway, as a client would drive it: its
 * kind and every random choice come from its own seeded {@link Random}, so a seed replays the same mix. Each
 * step states the answers it accepts; any other answer (a 5xx above all) ends the lifecycle as a failure with
 * the step, the status and the body. A race sends its contenders at the same instant and accepts exactly one
 * winner, the others refused with a clean 409. The lifecycle ends with the booking in a final state and
 * returns what its money must look like once the escrow worker has caught up.
 *
 * <p>Money is checked afterwards, not here: the escrow worker is asynchronous, so the test waits for the queue
 * to drain and then reads every booking and ledger ({@link LoadWithInvariantsTest}).
 */
final class LoadLifecycle {

    /** The kinds of lifecycle and their weights (percent of the mix). */
    enum Kind {
        COMPLETED(18), CANCEL_AT_ONCE(6), CANCEL_PENDING(7), DECLINED(6), PROVIDER_CANCEL(6), FREE_CANCEL(6),
        LATE_CANCEL(6), RACE_ACCEPT_CANCEL(10), RACE_ACCEPT_DECLINE(4), RACE_CANCEL_DISPUTE(4), DISPUTE_CONCEDED(8),
        DISPUTE_ADMIN(10), RACE_CONCEDE_RESOLVE(4), HOLD_DECLINED(3), PROVIDER_UNAVAILABLE(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind pick(Random random) {
            int total = 0;
            for (Kind k : values()) {
                total += k.weight;
            }
            int r = random.nextInt(total);
            for (Kind k : values()) {
                r -= k.weight;
                if (r < 0) {
                    return k;
                }
            }
            throw new IllegalStateException();
        }
    }

    /** Where a booking's money must end: held = toPlatform + toProvider + refunded, nothing still held. */
    record Money(long held, long toPlatform, long toProvider, long refunded) {
        static final Money NONE = new Money(0, 0, 0, 0);
    }

    /** What a finished lifecycle left: the booking, its final status and the money it may end with. */
    record Expected(int index, Kind kind, String bookingId, String status, List<Money> money) {}

    /** A provider with a bookable offer: what a client books with; replaced after a failed lifecycle. */
    record Provider(String email, String token, String offerId, String termsVersion, long priceCents) {}

    /** The signed-in parties a client drives its lifecycles with. */
    record Parties(String customer, Provider provider, String admin) {}

    /** A refused or otherwise unexpected answer: ends the lifecycle, which the test then counts as failed. */
    static final class Unexpected extends RuntimeException {
        Unexpected(String message) {
            super(message, null, false, false);
        }
    }

    private record Booked(String bookingId, long price, long fee, long total) {}

    /** Refusals that say nothing was written because the booking or dispute changed in between: retry them. */
    static final Set<String> WRITE_CONFLICTS = Set.of("concurrent_update", "dispute_changed");
    private static final String AT_VENUE = "\"lat\":48.2104,\"lon\":16.3656,\"accuracyMeters\":10";
    /**
     * How long a lifecycle waits for the escrow worker before it calls that a failure (a bound, not a timing
     * assertion). Generous: the local platform has one escrow consumer and ElasticMQ serves FIFO message groups
     * in no particular order, so under load a hold has waited 100 seconds (docs/benchmarks.md).
     */
    static final Duration WORKER_WAIT = Duration.ofMinutes(5);

    private final int index;
    private final Kind kind;
    private final Random random;
    private final long seed;
    private final Parties parties;
    private final LocalPlatform platform;
    private final Http http;
    private final LoadMetrics metrics;
    private final ExecutorService burst;
    /** Idempotency key → the booking its 202s named, over the whole run: one booking per key. */
    private final ConcurrentMap<String, String> bookingsByKey;
    private String bookingId;

    LoadLifecycle(int index, long seed, Parties parties, LocalPlatform platform, Http http, LoadMetrics metrics,
            ExecutorService burst, ConcurrentMap<String, String> bookingsByKey) {
        this.index = index;
        this.seed = seed;
        this.random = new Random(seed * 1_000_003L + index);
        this.kind = Kind.pick(random);
        this.parties = parties;
        this.platform = platform;
        this.http = http;
        this.metrics = metrics;
        this.burst = burst;
        this.bookingsByKey = bookingsByKey;
    }

    Kind kind() {
        return kind;
    }

    /** The booking this lifecycle made, once it made one (a failed lifecycle's booking is still verified). */
    String bookingId() {
        return bookingId;
    }

    Expected run() {
        return switch (kind) {
            case COMPLETED -> completed();
            case CANCEL_AT_ONCE -> cancelAtOnce();
            case CANCEL_PENDING -> cancelPending();
            case DECLINED -> declined();
            case PROVIDER_CANCEL -> providerCancel();
            case FREE_CANCEL -> freeCancel();
            case LATE_CANCEL -> lateCancel();
            case RACE_ACCEPT_CANCEL -> raceAcceptCancel();
            case RACE_ACCEPT_DECLINE -> raceAcceptDecline();
            case RACE_CANCEL_DISPUTE -> raceCancelDispute();
            case DISPUTE_CONCEDED -> disputeConceded();
            case DISPUTE_ADMIN -> disputeAdmin();
            case RACE_CONCEDE_RESOLVE -> raceConcedeResolve();
            case HOLD_DECLINED -> holdDeclined();
            case PROVIDER_UNAVAILABLE -> providerUnavailable();
        };
    }

    // ---- the kinds ------------------------------------------------------------------------------------------

    /** Book a slot starting soon, accept, perhaps try a cancellation the policy refuses, check in. */
    private Expected completed() {
        Booked b = bookPending(soon(), cardOrPrepayment());
        accept(b);
        if (random.nextInt(100) < 30) { // within noCancelWithinHours: the policy refuses, nothing changes
            refused("cancel within the window", act("POST /v1/bookings/{id}/cancel", customer(), "{\"acknowledgeLateFee\":true}"),
                    409, "cancellation_window_passed");
        }
        checkIn(b);
        return expect("COMPLETED", paid(b));
    }

    /**
     * Cancel right after the request, racing the escrow worker's hold. Whether the hold lands before or after
     * the cancellation, it is placed and released: only the payment provider knows whether an earlier attempt
     * placed it, so the worker never leaves one behind (decision 0009).
     */
    private Expected cancelAtOnce() {
        Booked b = book(random.nextBoolean() ? soon() : inDays(3), cardOrPrepayment());
        ok("cancel at once", act("POST /v1/bookings/{id}/cancel", customer(), ""), 200);
        metrics.count("cancelled right after the request (racing the hold)");
        return expect("CANCELLED", refundedAll(b));
    }

    private Expected cancelPending() {
        Booked b = bookPending(random.nextBoolean() ? soon() : inDays(3), "pm_ok");
        once("customer cancels before acceptance", "POST /v1/bookings/{id}/cancel", customer(), "",
                Set.of("invalid_state", "concurrent_update"));
        return expect("CANCELLED", refundedAll(b));
    }

    private Expected declined() {
        Booked b = bookPending(anyStart(), cardOrPrepayment());
        once("provider declines", "POST /v1/bookings/{id}/decline", provider(), "", Set.of("invalid_state", "concurrent_update"));
        return expect("DECLINED", refundedAll(b));
    }

    /** The provider cancels an accepted booking: everything back, the booking fee the platform got included. */
    private Expected providerCancel() {
        Booked b = bookPending(anyStart(), "pm_ok");
        accept(b);
        once("provider cancels after acceptance", "POST /v1/bookings/{id}/cancel", provider(), "",
                Set.of("invalid_state", "concurrent_update"));
        return expect("CANCELLED", refundedAll(b));
    }

    /** More than freeUntilHours ahead: the service fee back, the platform keeps the booking fee. */
    private Expected freeCancel() {
        Booked b = bookPending(inDays(3), "pm_ok");
        accept(b);
        ok("free cancellation", act("POST /v1/bookings/{id}/cancel", customer(), ""), 200);
        return expect("CANCELLED", new Money(b.total, b.fee, 0, b.price));
    }

    /** Inside freeUntilHours: refused until the late fee is acknowledged, then half back, half to the provider. */
    private Expected lateCancel() {
        Booked b = bookPending(platform.clock().now().plus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MINUTES), "pm_ok");
        accept(b);
        Http.Reply late = act("POST /v1/bookings/{id}/cancel", customer(), "");
        refused("late cancellation unacknowledged", late, 409, "late_fee_applies");
        long refund = b.price * 50 / 100;
        if (late.json().path("refundCents").asLong() != refund) {
            throw unexpected("late fee quote", late);
        }
        ok("late cancellation acknowledged", act("POST /v1/bookings/{id}/cancel", customer(),
                "{\"acknowledgeLateFee\":true}"), 200);
        return expect("CANCELLED", new Money(b.total, b.fee, b.price - refund, refund));
    }

    /** The provider accepts while the customer cancels: exactly one of them happens. */
    private Expected raceAcceptCancel() {
        Booked b = bookPending(soon(), "pm_ok");
        int winner = race("accept vs cancel", List.of(
                () -> send("POST /v1/bookings/{id}/accept", provider(), ""),
                () -> send("POST /v1/bookings/{id}/cancel", customer(), "")),
                Set.of("invalid_state", "concurrent_update", "cancellation_window_passed"));
        metrics.count("race accept vs customer cancel: " + (winner == 0 ? "accept won" : "cancel won"));
        if (winner == 0) {
            checkIn(b);
            return expect("COMPLETED", paid(b));
        }
        return expect("CANCELLED", refundedAll(b));
    }

    /** The provider's two devices answer at once, one accepting, one declining. */
    private Expected raceAcceptDecline() {
        Booked b = bookPending(soon(), "pm_ok");
        int winner = race("accept vs decline", List.of(
                () -> send("POST /v1/bookings/{id}/accept", provider(), ""),
                () -> send("POST /v1/bookings/{id}/decline", provider(), "")),
                Set.of("invalid_state", "concurrent_update"));
        metrics.count("race accept vs decline: " + (winner == 0 ? "accept won" : "decline won"));
        if (winner == 0) {
            checkIn(b);
            return expect("COMPLETED", paid(b));
        }
        return expect("DECLINED", refundedAll(b));
    }

    /** The provider cancels while the customer files a dispute: a cancelled booking cannot be disputed. */
    private Expected raceCancelDispute() {
        Booked b = bookPending(random.nextBoolean() ? soon() : inDays(3), "pm_ok");
        accept(b);
        int winner = race("provider cancel vs customer dispute", List.of(
                () -> send("POST /v1/bookings/{id}/cancel", provider(), ""),
                () -> send("POST /v1/bookings/{id}/disputes", customer(),
                        "{\"reason\":\"OTHER\",\"statement\":\"The provider changed the meeting point\",\"evidence\":[]}")),
                Set.of("invalid_state", "concurrent_update", "dispute_not_allowed"));
        metrics.count("race provider cancel vs dispute: " + (winner == 0 ? "cancel won" : "dispute won"));
        if (winner == 0) {
            return expect("CANCELLED", refundedAll(b));
        }
        String disputeId = lastWinner.json().get("disputeId").asText();
        once("provider concedes", "POST /v1/disputes/{id}/concede", disputeId, provider(), "",
                Set.of("dispute_resolved", "dispute_changed"));
        return expect("CANCELLED", new Money(b.total, b.fee, 0, b.price));
    }

    /** A party reports, the other concedes at once: resolved for the reporter. */
    private Expected disputeConceded() {
        Booked b = bookPending(anyStart(), "pm_ok");
        accept(b);
        boolean byCustomer = random.nextBoolean();
        String disputeId = file(byCustomer);
        if (random.nextInt(100) < 30) {
            ok("respondent reads the dispute", send("GET /v1/disputes/{id}", disputeId, respondent(byCustomer), null), 200);
        }
        once("respondent concedes", "POST /v1/disputes/{id}/concede", disputeId, respondent(byCustomer), "",
                Set.of("dispute_resolved", "dispute_changed"));
        return byCustomer ? expect("CANCELLED", new Money(b.total, b.fee, 0, b.price))
                : expect("COMPLETED", paid(b));
    }

    /** A party reports, the other objects, an admin releases, refunds or splits. */
    private Expected disputeAdmin() {
        Booked b = bookPending(anyStart(), "pm_ok");
        accept(b);
        boolean byCustomer = random.nextBoolean();
        String disputeId = file(byCustomer);
        JsonNode objected = ok("objection", act("POST /v1/disputes/{id}/objection", disputeId, respondent(byCustomer),
                "{\"statement\":\"That is not what happened\"}"), 200);
        if (!objected.path("status").asText().equals("UNDER_REVIEW")) {
            throw new Unexpected(where("objection") + " left the dispute " + objected.path("status").asText());
        }
        Resolution r = resolution(b);
        ok("admin resolves", act("POST /v1/admin/disputes/{id}/resolve", disputeId, parties.admin(), r.body), 200);
        metrics.count("admin resolution: " + r.outcome);
        return expect(r.status, r.money);
    }

    /** The respondent concedes while an admin resolves: one resolution, never two. */
    private Expected raceConcedeResolve() {
        Booked b = bookPending(anyStart(), "pm_ok");
        accept(b);
        boolean byCustomer = random.nextBoolean();
        String disputeId = file(byCustomer);
        Resolution r = resolution(b);
        int winner = race("concede vs admin resolve", List.of(
                () -> send("POST /v1/disputes/{id}/concede", disputeId, respondent(byCustomer), ""),
                () -> send("POST /v1/admin/disputes/{id}/resolve", disputeId, parties.admin(), r.body)),
                Set.of("dispute_resolved", "dispute_changed"));
        metrics.count("race concede vs admin resolve: " + (winner == 0 ? "concede won" : "admin won"));
        if (winner == 1) {
            return expect(r.status, r.money);
        }
        return byCustomer ? expect("CANCELLED", new Money(b.total, b.fee, 0, b.price))
                : expect("COMPLETED", paid(b));
    }

    private Expected holdDeclined() {
        Booked b = book(anyStart(), "pm_declined");
        JsonNode failed = awaitBooking("hold declined", j -> !j.get("status").asText().equals("REQUESTED"));
        if (!failed.get("status").asText().equals("HOLD_FAILED")) {
            throw new Unexpected(where("hold declined") + " ended " + failed.get("status").asText());
        }
        refused("accept after a failed hold", act("POST /v1/bookings/{id}/accept", provider(), ""), 409, "invalid_state");
        return expect("HOLD_FAILED", Money.NONE);
    }

    /** The payment provider fails twice; the worker retries, the hold lands once, the booking completes. */
    private Expected providerUnavailable() {
        Booked b = bookPending(soon(), "pm_unavailable");
        accept(b);
        checkIn(b);
        return expect("COMPLETED", paid(b));
    }

    // ---- steps ----------------------------------------------------------------------------------------------

    /**
     * {@code POST /v1/bookings}, in three of ten lifecycles sent two to four times at once with the same
     * Idempotency-Key (a client retrying on a slow answer): every 202 names the same booking, the others are
     * told the first is in progress; half of those are replayed once more afterwards and must get the stored
     * answer.
     */
    private Booked book(Instant startsAt, String paymentMethod) {
        Provider p = parties.provider();
        String key = "load-" + seed + "-" + index;
        String body = """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"%s"}""".formatted(p.offerId(), startsAt,
                p.termsVersion(), paymentMethod);
        Map<String, String> headers = Map.of("idempotency-key", key);
        int copies = random.nextInt(100) < 30 ? 2 + random.nextInt(3) : 1;
        List<Http.Reply> replies = new ArrayList<>();
        if (copies == 1) {
            replies.add(send("POST /v1/bookings", "", parties.customer(), body, headers));
        } else {
            metrics.count("booking requests sent 2-4 times at once with one Idempotency-Key");
            replies.addAll(atOnce(java.util.Collections.nCopies(copies,
                    () -> send("POST /v1/bookings", "", parties.customer(), body, headers))));
        }
        Set<String> ids = new HashSet<>();
        Http.Reply created = null;
        for (Http.Reply r : replies) {
            if (r.status() == 202) {
                ids.add(r.json().get("bookingId").asText());
                created = r;
            } else if (r.status() == 409 && "idempotency_request_in_progress".equals(code(r))) {
                metrics.count("duplicate booking request answered 409 idempotency_request_in_progress");
            } else {
                throw unexpected("book", r);
            }
        }
        if (ids.size() != 1) {
            throw new Unexpected(where("book") + " one Idempotency-Key gave the bookings " + ids);
        }
        bookingId = ids.iterator().next();
        if (copies > 1 && random.nextBoolean()) {
            Http.Reply replay = send("POST /v1/bookings", "", parties.customer(), body, headers);
            if (replay.status() != 202 || !bookingId.equals(replay.json().path("bookingId").asText())
                    || !"true".equals(replay.header("idempotent-replayed"))) {
                throw unexpected("replayed booking request", replay);
            }
            metrics.count("booking request replayed afterwards: stored 202 returned");
        }
        String earlier = bookingsByKey.putIfAbsent(key, bookingId);
        if (earlier != null && !earlier.equals(bookingId)) {
            throw new Unexpected(where("book") + " key " + key + " named " + earlier + " and " + bookingId);
        }
        JsonNode amounts = created.json().get("amounts");
        long price = amounts.get("priceCents").asLong();
        long fee = amounts.get("bookingFeeCents").asLong();
        long total = amounts.get("totalCents").asLong();
        if (price != p.priceCents() || fee != price / 10 || total != price + fee) {
            throw unexpected("amounts of the request", created);
        }
        return new Booked(bookingId, price, fee, total);
    }

    /** Books and waits until the escrow worker placed the hold (the booking is then PENDING_PROVIDER). */
    private Booked bookPending(Instant startsAt, String paymentMethod) {
        Booked b = book(startsAt, paymentMethod);
        long requested = System.nanoTime();
        JsonNode held = awaitBooking("hold", j -> !j.get("status").asText().equals("REQUESTED"));
        if (!held.get("status").asText().equals("PENDING_PROVIDER") || held.at("/escrow/heldCents").asLong() != b.total) {
            throw new Unexpected(where("hold") + " gave " + held.get("status").asText() + " " + held.get("escrow"));
        }
        metrics.waited("202 → PENDING_PROVIDER seen (the escrow worker's hold; polled from 25 ms, backing off to 500 ms)",
                System.nanoTime() - requested);
        return b;
    }

    /** The provider accepts; in two of ten lifecycles twice at once (a double tap): one effect, one clean 409. */
    private void accept(Booked b) {
        once("accept", "POST /v1/bookings/{id}/accept", provider(), "", Set.of("invalid_state", "concurrent_update"));
    }

    /** The customer shows the rotating code, the provider enters it at the venue. */
    private void checkIn(Booked b) {
        String code = ok("check-in code", send("GET /v1/bookings/{id}/check-in-code", customer(), null), 200)
                .get("code").asText();
        JsonNode done = ok("check-in", act("POST /v1/bookings/{id}/check-in", provider(),
                "{\"code\":\"" + code + "\"," + AT_VENUE + "}"), 200);
        if (!done.get("status").asText().equals("COMPLETED")) {
            throw new Unexpected(where("check-in") + " left the booking " + done.get("status").asText());
        }
    }

    private String file(boolean byCustomer) {
        String reason = List.of("TERMS_BREACH", "MISCONDUCT", "OTHER").get(random.nextInt(3));
        JsonNode filed = ok("file dispute", act("POST /v1/bookings/{id}/disputes", byCustomer ? customer() : provider(),
                "{\"reason\":\"" + reason + "\",\"statement\":\"Filed under load\",\"evidence\":[]}"), 201);
        if (!filed.get("status").asText().equals("AWAITING_RESPONSE")) {
            throw new Unexpected(where("file dispute") + " answered " + filed);
        }
        metrics.count("disputes filed by the " + (byCustomer ? "customer" : "provider"));
        return filed.get("disputeId").asText();
    }

    private record Resolution(String outcome, String body, String status, Money money) {}

    private Resolution resolution(Booked b) {
        return switch (random.nextInt(3)) {
            case 0 -> new Resolution("RELEASE_TO_PROVIDER", "{\"outcome\":\"RELEASE_TO_PROVIDER\"}", "COMPLETED", paid(b));
            case 1 -> new Resolution("REFUND_CUSTOMER", "{\"outcome\":\"REFUND_CUSTOMER\"}", "CANCELLED",
                    new Money(b.total, b.fee, 0, b.price));
            default -> {
                long toProvider = 100L * (1 + random.nextInt((int) (b.price / 100) - 1));
                yield new Resolution("SPLIT", "{\"outcome\":\"SPLIT\",\"providerCents\":" + toProvider + "}", "COMPLETED",
                        new Money(b.total, b.fee, toProvider, b.price - toProvider));
            }
        };
    }

    /**
     * One party's action, in two of ten lifecycles sent twice at once (a double tap or a client retry): exactly
     * one takes effect, the other is refused with one of {@code loserCodes}.
     */
    private void once(String step, String route, String token, String body, Set<String> loserCodes) {
        once(step, route, bookingId, token, body, loserCodes);
    }

    private void once(String step, String route, String id, String token, String body, Set<String> loserCodes) {
        if (random.nextInt(100) < 20) {
            metrics.count("sent twice at once: " + route);
            race(step + " twice", List.of(() -> send(route, id, token, body), () -> send(route, id, token, body)),
                    loserCodes);
        } else {
            ok(step, act(route, id, token, body), 200);
        }
    }

    /** The reply of the last race's winner. */
    private Http.Reply lastWinner;

    /**
     * Sends the contenders at the same instant: exactly one may answer 200; every other must be refused with a
     * 409 of {@code loserCodes}. When nobody won and every refusal was a write conflict (another writer, such as
     * the escrow worker, changed the booking in between), nothing happened, so the race is run again.
     *
     * @return the winner's position
     */
    private int race(String step, List<Supplier<Http.Reply>> contenders, Set<String> loserCodes) {
        for (int round = 1; ; round++) {
            List<Http.Reply> replies = atOnce(contenders);
            int winner = -1;
            boolean onlyConflicts = true;
            for (int i = 0; i < replies.size(); i++) {
                Http.Reply r = replies.get(i);
                if (r.status() == 200 || r.status() == 201) {
                    if (winner >= 0) {
                        throw new Unexpected(where(step) + " two winners: " + replies.get(winner).body() + " and " + r.body());
                    }
                    winner = i;
                } else if (r.status() == 409 && loserCodes.contains(code(r))) {
                    onlyConflicts &= WRITE_CONFLICTS.contains(code(r));
                } else {
                    throw unexpected(step, r);
                }
            }
            if (winner >= 0) {
                lastWinner = replies.get(winner);
                return winner;
            }
            if (!onlyConflicts || round >= 5) {
                throw new Unexpected(where(step) + " nobody won: " + replies.stream().map(Http.Reply::body).toList());
            }
            metrics.count("race without a winner (write conflicts only), run again");
        }
    }

    private List<Http.Reply> atOnce(List<Supplier<Http.Reply>> requests) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Reply>> futures = new ArrayList<>();
        for (Supplier<Http.Reply> request : requests) {
            futures.add(burst.submit(() -> {
                start.await();
                return request.get();
            }));
        }
        start.countDown();
        List<Http.Reply> replies = new ArrayList<>();
        for (Future<Http.Reply> f : futures) {
            try {
                replies.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Unexpected u ? u : new Unexpected(where("burst") + " " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unexpected(where("burst") + " interrupted");
            }
        }
        return replies;
    }

    /**
     * Polls the booking (as its customer) until {@code done}, for at most {@link #WORKER_WAIT}: after 25 ms, then
     * half as long again each time up to half a second, as a client would (polling every few milliseconds from
     * every client would be load the test makes for itself, and take the CPU from the worker it waits for).
     */
    private JsonNode awaitBooking(String step, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WORKER_WAIT.toNanos();
        long pause = 25;
        while (true) {
            JsonNode booking = ok(step + " (poll)", send("GET /v1/bookings/{id}", customer(), null), 200);
            if (done.test(booking)) {
                return booking;
            }
            if (System.nanoTime() > deadline) {
                throw new Unexpected(where(step) + " the escrow worker did not get there in " + WORKER_WAIT + ": " + booking);
            }
            metrics.count("booking polls while waiting for the escrow worker");
            try {
                Thread.sleep(pause);
                pause = Math.min(500, pause * 3 / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unexpected(where(step) + " interrupted");
            }
        }
    }

    // ---- requests -------------------------------------------------------------------------------------------

    /**
     * A single action, retried (like a client would) when refused with 409 {@code concurrent_update} or
     * {@code dispute_changed}: those say nothing was written because another writer changed the booking in
     * between, typically the escrow worker recording a movement. Each retry is counted.
     */
    private Http.Reply act(String route, String token, String body) {
        return act(route, bookingId, token, body);
    }

    private Http.Reply act(String route, String id, String token, String body) {
        for (int attempt = 1; ; attempt++) {
            Http.Reply r = send(route, id, token, body);
            if (attempt < 5 && r.status() == 409 && WRITE_CONFLICTS.contains(code(r))) {
                metrics.count("retried after 409 " + code(r) + ": " + route);
                continue;
            }
            return r;
        }
    }

    private Http.Reply send(String route, String token, String body) {
        return send(route, bookingId, token, body);
    }

    private Http.Reply send(String route, String id, String token, String body) {
        return send(route, id, token, body, Map.of());
    }

    /** One request through the gateway, timed and counted under its route. */
    private Http.Reply send(String route, String id, String token, String body, Map<String, String> headers) {
        int space = route.indexOf(' ');
        String method = route.substring(0, space);
        String path = route.substring(space + 1).replace("{id}", id);
        long started = System.nanoTime();
        Http.Reply reply;
        try {
            reply = method.equals("GET") ? http.get(path, token) : http.post(path, token, body, headers);
        } catch (AssertionError transport) { // Http turns I/O failures into errors
            metrics.answered(route, 0, "transport", System.nanoTime() - started);
            throw new Unexpected(where(route) + " no answer: " + transport.getCause());
        }
        metrics.answered(route, reply.status(), code(reply), System.nanoTime() - started);
        return reply;
    }

    static String code(Http.Reply reply) {
        if (reply.status() < 400) {
            return null;
        }
        try {
            return reply.json().path("code").asText(null);
        } catch (AssertionError notJson) {
            return "(no problem JSON)";
        }
    }

    private JsonNode ok(String step, Http.Reply reply, int status) {
        if (reply.status() != status) {
            throw unexpected(step, reply);
        }
        return reply.json();
    }

    private void refused(String step, Http.Reply reply, int status, String code) {
        if (reply.status() != status || !code.equals(code(reply))) {
            throw unexpected(step, reply);
        }
    }

    private Unexpected unexpected(String step, Http.Reply reply) {
        String body = reply.body() == null ? "" : reply.body();
        return new Unexpected(where(step) + " answered " + reply.status() + ": "
                + (body.length() > 400 ? body.substring(0, 400) + "…" : body));
    }

    private String where(String step) {
        return "lifecycle #" + index + " " + kind + (bookingId == null ? "" : " " + bookingId) + ", " + step + ":";
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private String customer() {
        return parties.customer();
    }

    private String provider() {
        return parties.provider().token();
    }

    private String respondent(boolean reportedByCustomer) {
        return reportedByCustomer ? provider() : customer();
    }

    /** Soon enough that check-in is open now (it opens 30 minutes before the start), later than now. */
    private Instant soon() {
        return platform.clock().now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
    }

    private Instant inDays(int days) {
        return platform.clock().now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MINUTES);
    }

    private Instant anyStart() {
        return random.nextBoolean() ? soon() : inDays(1 + random.nextInt(30));
    }

    private String cardOrPrepayment() {
        return random.nextInt(10) == 0 ? "prepayment" : "pm_ok";
    }

    private static Money paid(Booked b) {
        return new Money(b.total, b.fee, b.price, 0);
    }

    private static Money refundedAll(Booked b) {
        return new Money(b.total, 0, 0, b.total);
    }

    private Expected expect(String status, Money... money) {
        return new Expected(index, kind, bookingId, status, List.of(money));
    }
}
