package com.safehold.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingRequest;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.escrow.EscrowService;
import com.safehold.domain.escrow.Ledger;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.TermKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Fault injection against DynamoDB Local: the process dies between any two I/O steps of a booking change or
 * of the escrow worker, messages are delivered twice, parties race; the money still moves exactly once.
 * The relay is where the crash is injected (it throws after the booking was written, as a process killed
 * before its SQS call would); the worker's commands are handed over directly, redeliveries included.
 */
class ExactlyOnceTest {

    private final TestDeployment deployment = new TestDeployment();
    private final DynamoDbBookingStore store = new DynamoDbBookingStore(deployment.dynamoDb(), Tables.BOOKINGS.name(),
            Tables.SLOTS.name(), Tables.LEDGER.name(), deployment.fieldCipher());
    private final SandboxPaymentProvider sandbox = new SandboxPaymentProvider();
    private final List<EscrowCommand> relayed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean relayDies = new AtomicBoolean();
    private final Caller customer = new Caller(new UserId("cus-" + UUID.randomUUID()), Set.of(Role.CUSTOMER));
    private final Caller provider = new Caller(new UserId("pro-" + UUID.randomUUID()), Set.of(Role.PROVIDER));
    private final BookingService bookings = new BookingService(store,
            new DynamoDbOfferStore(deployment.dynamoDb(), Tables.OFFERS.name()),
            new DynamoDbSettingsSource(deployment.dynamoDb(), Tables.SETTINGS.name()), new TotpCodes(),
            commands -> {
                if (relayDies.get()) {
                    throw new IllegalStateException("process killed before the SQS call");
                }
                relayed.addAll(commands);
            },
            (recipients, notification) -> { }, deployment.clock());

    private Offer offer() {
        Instant now = deployment.clock().now();
        Offer offer = new Offer("off_" + UUID.randomUUID(), provider.userId(), "Walk", "", Money.of(12000,
                Currency.getInstance("EUR")), 60, List.of(new Term("t1", TermKind.CONDUCT, "Be kind")), null,
                new CancellationPolicy(48, 50, 6), null, 1, now, now);
        Offer versioned = new Offer(offer.offerId(), offer.providerId(), offer.title(), offer.description(),
                offer.price(), offer.durationMinutes(), offer.terms(), offer.venue(), offer.cancellationPolicy(),
                offer.termsDocument().version(), 1, now, now);
        new DynamoDbOfferStore(deployment.dynamoDb(), Tables.OFFERS.name()).create(versioned);
        return versioned;
    }

    private BookingRequest request(Offer offer, int inDays) {
        return new BookingRequest(offer.offerId(), deployment.clock().now().plus(Duration.ofDays(inDays)),
                offer.termsVersion(), true, true, "pm_ok");
    }

    private EscrowService worker(PaymentProvider paymentProvider) {
        return new EscrowService(store, paymentProvider, (recipients, notification) -> { }, deployment.clock());
    }

    private void deliverAll(EscrowService worker, int times) {
        List<EscrowCommand> batch = new ArrayList<>(relayed);
        relayed.clear();
        for (EscrowCommand command : batch) {
            for (int i = 0; i < times; i++) {
                worker.apply(command);
            }
        }
    }

    private void assertInvariants(String bookingId) {
        Booking booking = store.find(bookingId).orElseThrow();
        Ledger ledger = store.ledger(bookingId, "EUR");
        assertThat(ledger.verifies()).isTrue();
        assertThat(ledger.balance().invariantHolds()).isTrue();
        assertThat(booking.escrow()).isEqualTo(ledger.balance());
    }

    @Test
    void aCrashBetweenTheBookingWriteAndTheSend_isRepairedByTheTimerSweep_andTheHoldHappensOnce() {
        Offer offer = offer();
        relayDies.set(true);
        String id = bookings.request(customer, request(offer, 3), "key-1").bookingId(); // stored; the send died
        assertThat(relayed).isEmpty();
        relayDies.set(false);
        assertThat(bookings.request(customer, request(offer, 3), "key-1").bookingId())
                .as("a retry finds the stored booking: no second one, no second slot").isEqualTo(id);
        relayed.clear(); // pretend the retry's own send was lost too: only the sweep is left

        deployment.advance(BookingService.RELAY_GRACE.plusSeconds(1));
        for (Booking due : store.due(deployment.clock().now(), 100)) {
            bookings.fireTimers(due);
        }
        assertThat(relayed).extracting(EscrowCommand::kind).containsExactly(MovementKind.HOLD);
        deliverAll(worker(sandbox), 2); // and SQS delivers it twice

        Booking held = store.find(id).orElseThrow();
        assertThat(held.status()).isEqualTo(BookingStatus.PENDING_PROVIDER);
        assertThat(held.outbox()).isEmpty();
        assertThat(sandbox.holdsPlaced(id)).isEqualTo(1);
        assertThat(store.ledger(id, "EUR").entries()).hasSize(2);
        assertInvariants(id);
    }

    /** Once the idempotency record has expired (24 h), only the booking itself can tell a retry from a new request. */
    @Test
    void aKeyUsedAgainAfterItsRecordExpired_returnsItsBookingForTheSameRequest_andRefusesAnotherRequest() {
        Offer offer = offer();
        String id = bookings.request(customer, request(offer, 6), "key-reused").bookingId();

        assertThat(bookings.request(customer, request(offer, 6), "key-reused").bookingId()).isEqualTo(id);
        assertThatThrownBy(() -> bookings.request(customer, request(offer, 7), "key-reused"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
        assertThat(store.find(id).orElseThrow().startsAt()).isEqualTo(request(offer, 6).startsAt());
    }

    @Test
    void aCrashAfterTheProviderCall_beforeTheLedgerWrite_isRepairedByTheRedelivery_withOneHold() {
        Offer offer = offer();
        String id = bookings.request(customer, request(offer, 4), "key-2").bookingId();
        AtomicBoolean crashOnce = new AtomicBoolean(true);
        PaymentProvider crashing = new PaymentProvider() {
            @Override
            public HoldOutcome hold(String key, String bookingId, String method, long amount, String currency) {
                HoldOutcome outcome = sandbox.hold(key, bookingId, method, amount, currency);
                if (crashOnce.getAndSet(false)) {
                    throw new IllegalStateException("process killed after the provider answered");
                }
                return outcome;
            }

            @Override
            public void move(String key, String bookingId, MovementKind kind, long amount, String currency) {
                sandbox.move(key, bookingId, kind, amount, currency);
            }
        };
        EscrowCommand hold = relayed.getFirst();
        assertThatThrownBy(() -> worker(crashing).apply(hold)).hasMessageContaining("killed");
        assertThat(store.ledger(id, "EUR").entries()).isEmpty();
        assertThat(worker(crashing).apply(hold)).isEqualTo(EscrowService.Result.APPLIED); // the redelivery
        assertThat(worker(crashing).apply(hold)).isEqualTo(EscrowService.Result.ALREADY_APPLIED);
        assertThat(sandbox.holdsPlaced(id)).isEqualTo(1);
        assertThat(store.ledger(id, "EUR").balance().held()).isEqualTo(13200);
        assertInvariants(id);
    }

    /**
     * The customer cancels the request while the worker's hold is at the payment provider: the worker's write
     * then meets a cancelled booking, whose hold the provider placed all the same. It must come back to the
     * customer, and the ledger must show both (before, the hold stayed with the provider and the ledger showed
     * nothing held).
     */
    @Test
    void aCancellationWhileTheHoldIsAtTheProvider_getsTheHoldReleased_andTheLedgerShowsBoth() {
        Offer offer = offer();
        String id = bookings.request(customer, request(offer, 4), "key-3").bookingId();
        AtomicBoolean cancelOnce = new AtomicBoolean(true);
        PaymentProvider slow = new PaymentProvider() {
            @Override
            public HoldOutcome hold(String key, String bookingId, String method, long amount, String currency) {
                HoldOutcome outcome = sandbox.hold(key, bookingId, method, amount, currency);
                if (cancelOnce.getAndSet(false)) {
                    bookings.cancel(customer, bookingId, false); // meanwhile, before the worker's write
                }
                return outcome;
            }

            @Override
            public void move(String key, String bookingId, MovementKind kind, long amount, String currency) {
                sandbox.move(key, bookingId, kind, amount, currency);
            }
        };
        EscrowCommand hold = relayed.getFirst();
        worker(slow).apply(hold);
        assertThat(worker(slow).apply(hold)).isEqualTo(EscrowService.Result.ALREADY_APPLIED); // a redelivery

        assertHoldReleased(id);
    }

    @Test
    void aCrashAfterTheHold_thenACancellation_getsTheHoldReleased_onTheRedelivery() {
        Offer offer = offer();
        String id = bookings.request(customer, request(offer, 4), "key-4").bookingId();
        PaymentProvider dying = new PaymentProvider() {
            @Override
            public HoldOutcome hold(String key, String bookingId, String method, long amount, String currency) {
                sandbox.hold(key, bookingId, method, amount, currency);
                throw new IllegalStateException("process killed after the provider answered");
            }

            @Override
            public void move(String key, String bookingId, MovementKind kind, long amount, String currency) {
                sandbox.move(key, bookingId, kind, amount, currency);
            }
        };
        EscrowCommand hold = relayed.getFirst();
        assertThatThrownBy(() -> worker(dying).apply(hold)).hasMessageContaining("killed");
        bookings.cancel(customer, id, false); // still REQUESTED as far as the booking knows
        worker(sandbox).apply(hold); // the redelivery
        worker(sandbox).apply(hold);

        assertHoldReleased(id);
    }

    @Test
    void aRequestCancelledBeforeTheWorkerSawIt_isNeverHeld_whenThePaymentMethodIsDeclined() {
        Offer offer = offer();
        BookingRequest declined = new BookingRequest(offer.offerId(), deployment.clock().now().plus(Duration.ofDays(4)),
                offer.termsVersion(), true, true, "pm_declined");
        String id = bookings.request(customer, declined, "key-5").bookingId();
        bookings.cancel(customer, id, false);
        worker(sandbox).apply(relayed.getFirst());

        Booking cancelled = store.find(id).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancelled.outbox()).isEmpty();
        assertThat(store.ledger(id, "EUR").entries()).isEmpty();
        assertThat(sandbox.recorded()).doesNotContainKey(id);
    }

    private void assertHoldReleased(String id) {
        Booking cancelled = store.find(id).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancelled.outbox()).isEmpty();
        assertThat(cancelled.escrow().held()).isEqualTo(13200);
        assertThat(cancelled.escrow().refunded()).isEqualTo(13200);
        assertThat(cancelled.escrow().stillHeld()).isZero();
        var atProvider = sandbox.recorded().get(id);
        assertThat(atProvider.heldCents()).as("held at the provider").isEqualTo(13200);
        assertThat(atProvider.moved(MovementKind.REFUND)).as("released at the provider").isEqualTo(13200);
        assertThat(sandbox.holdsPlaced(id)).isEqualTo(1);
        assertInvariants(id);
    }

    @Test
    void aCommandTheBookingNeverRecorded_orAlteredInFlight_movesNothing() {
        Offer offer = offer();
        String id = bookings.request(customer, request(offer, 5), "key-forged").bookingId();
        EscrowCommand hold = relayed.getFirst();
        EscrowCommand inflated = new EscrowCommand(hold.commandId(), id, MovementKind.HOLD, hold.amount() * 10);
        EscrowCommand forgedPayout = EscrowCommand.of(id, "check-in", MovementKind.RELEASE_SERVICE_FEE, 12000);

        assertThat(worker(sandbox).apply(inflated)).isEqualTo(EscrowService.Result.NOT_RECORDED);
        deliverAll(worker(sandbox), 1); // the real hold
        int movementsBefore = sandbox.movementsPerformed();
        assertThat(worker(sandbox).apply(forgedPayout)).isEqualTo(EscrowService.Result.NOT_RECORDED);

        assertThat(sandbox.holdsPlaced(id)).isEqualTo(1);
        assertThat(sandbox.movementsPerformed()).isEqualTo(movementsBefore);
        Ledger ledger = store.ledger(id, "EUR");
        assertThat(ledger.balance().held()).isEqualTo(13200);
        assertThat(ledger.balance().toProvider()).isZero();
        assertInvariants(id);
    }

    @Test
    void acceptRacingCancel_oneWins_andTheMoneyFollowsTheWinnerOnly() throws Exception {
        for (int round = 0; round < 5; round++) {
            Offer offer = offer();
            String id = bookings.request(customer, request(offer, 10 + round), "race-" + round).bookingId();
            deliverAll(worker(sandbox), 1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                Future<String> accept = pool.submit(() -> {
                    go.await();
                    return outcome(() -> bookings.accept(provider, id));
                });
                Future<String> cancel = pool.submit(() -> {
                    go.await();
                    return outcome(() -> bookings.cancel(customer, id, false));
                });
                go.countDown();
                List<String> outcomes = List.of(accept.get(), cancel.get());
                assertThat(outcomes).contains("ok");
                deliverAll(worker(sandbox), 2);
                Booking after = store.find(id).orElseThrow();
                Ledger ledger = store.ledger(id, "EUR");
                if (after.status() == BookingStatus.CANCELLED && outcomes.get(0).equals("ok")) {
                    // accept won, then the (early) cancellation: the service fee back, the booking fee earned
                    assertThat(ledger.balance().refunded()).isEqualTo(12000);
                    assertThat(ledger.balance().toPlatform()).isEqualTo(1200);
                } else if (after.status() == BookingStatus.CANCELLED) {
                    assertThat(ledger.balance().refunded()).isEqualTo(13200); // cancelled before any acceptance
                    assertThat(ledger.balance().toPlatform()).isZero();
                } else {
                    assertThat(after.status()).isEqualTo(BookingStatus.ACCEPTED);
                    assertThat(ledger.balance().toPlatform()).isEqualTo(1200);
                    assertThat(ledger.balance().refunded()).isZero();
                }
                assertInvariants(id);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aCancelledBookingsRefund_isRecorded_afterAnotherBookingTookItsSlot() {
        Offer offer = offer();
        BookingRequest slot = request(offer, 3);
        String first = bookings.request(customer, slot, "first").bookingId();
        deliverAll(worker(sandbox), 1);
        bookings.cancel(customer, first, false); // frees the slot; the refund is still on its way
        Caller next = new Caller(new UserId("cus-" + UUID.randomUUID()), Set.of(Role.CUSTOMER));
        String second = bookings.request(next, slot, "second").bookingId(); // takes the freed slot at once

        deliverAll(worker(sandbox), 2); // the first booking's refund, then the second's hold

        Booking refunded = store.find(first).orElseThrow();
        assertThat(refunded.escrow().refunded()).isEqualTo(13200);
        assertThat(refunded.escrow().stillHeld()).isZero();
        assertThat(refunded.outbox()).isEmpty();
        assertInvariants(first);
        assertThat(store.find(second).orElseThrow().status()).isEqualTo(BookingStatus.PENDING_PROVIDER);
        assertThatThrownBy(() -> bookings.request(new Caller(new UserId("cus-" + UUID.randomUUID()),
                Set.of(Role.CUSTOMER)), slot, "third"))
                .as("the slot is still the second booking's").isInstanceOf(DomainException.class)
                .hasMessageContaining("booked at that time");
    }

    private static String outcome(Runnable action) {
        try {
            action.run();
            return "ok";
        } catch (DomainException refused) {
            return refused.code();
        }
    }
}
