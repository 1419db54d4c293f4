package com.safehold.escrow;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.adapters.sqs.EscrowCommandMessages;
import com.safehold.adapters.sqs.SqsCommandRelay;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.TableDef;
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
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.Size;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SPEC 4.4's invariants under random sequences of what can happen to a booking, against DynamoDB Local and
 * ElasticMQ: parties' actions (accept, decline, cancels, check-in), clock moves, timer sweeps, every SQS
 * message delivered twice, a process that dies after the payment provider answered, a relay that dies
 * after the booking was written, and accept racing cancel. After every step: the ledger's chain verifies,
 * held = toPlatform + toProvider + refunded + stillHeld with nothing negative, the booking's escrow summary
 * equals its ledger, and at most one hold was placed. At the end, once everything is delivered, a booking
 * that can no longer change holds nothing.
 */
class EscrowInvariantsTest {

    enum Step {
        ACCEPT, DECLINE, CANCEL_BY_CUSTOMER, CANCEL_LATE_ACKNOWLEDGED, CANCEL_BY_PROVIDER, CHECK_IN,
        ADVANCE_HOURS, ADVANCE_DAY, ADVANCE_TO_START, SWEEP, DELIVER_TWICE, WORKER_DIES_AFTER_PROVIDER,
        RELAY_DIES_NEXT, RACE_ACCEPT_AND_CANCEL
    }

    private static SQSRestServer elasticMq;
    private static SqsClient sqs;

    @BeforeContainer
    static void startQueue() {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = AwsClients.sqs(AwsClients.local(java.net.URI.create("http://127.0.0.1:" + port)));
    }

    @AfterContainer
    static void stopQueue() {
        sqs.close();
        elasticMq.stopAndWait();
    }

    /** A deployment whose tables are its own, so the timer sweep sees only this world's bookings. */
    private static final class IsolatedDeployment extends TestDeployment {
        private final String prefix = "w" + UUID.randomUUID().toString().substring(0, 8) + "-";

        IsolatedDeployment() {
            for (TableDef table : List.of(Tables.BOOKINGS, Tables.SLOTS, Tables.LEDGER, Tables.OFFERS, Tables.SETTINGS)) {
                TableProvisioner.create(dynamoDb(), table, tableName(table));
            }
        }

        @Override
        public String tableName(TableDef table) {
            return prefix + table.name();
        }
    }

    /** One world per try: its own tables, queue, provider, parties and offer. */
    private static final class World {
        final TestDeployment deployment = new IsolatedDeployment();
        final DynamoDbBookingStore store = new DynamoDbBookingStore(deployment.dynamoDb(),
                deployment.tableName(Tables.BOOKINGS), deployment.tableName(Tables.SLOTS),
                deployment.tableName(Tables.LEDGER), deployment.fieldCipher());
        final SandboxPaymentProvider sandbox = new SandboxPaymentProvider();
        final String queueUrl = sqs.createQueue(r -> r.queueName("escrow-" + UUID.randomUUID() + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.VISIBILITY_TIMEOUT, "0"))).queueUrl();
        final AtomicBoolean relayDies = new AtomicBoolean();
        final Caller customer = new Caller(new UserId("cus-" + UUID.randomUUID()), Set.of(Role.CUSTOMER));
        final Caller provider = new Caller(new UserId("pro-" + UUID.randomUUID()), Set.of(Role.PROVIDER));
        final BookingService bookings = new BookingService(store,
                new DynamoDbOfferStore(deployment.dynamoDb(), deployment.tableName(Tables.OFFERS)),
                new DynamoDbSettingsSource(deployment.dynamoDb(), deployment.tableName(Tables.SETTINGS)), new TotpCodes(),
                commands -> {
                    if (relayDies.getAndSet(false)) {
                        throw new IllegalStateException("killed before the send");
                    }
                    new SqsCommandRelay(sqs, queueUrl).send(commands);
                },
                (recipients, notification) -> { }, deployment.clock());
        final EscrowService worker = new EscrowService(store, sandbox, (r, n) -> { }, deployment.clock());
        String bookingId;
        Instant startsAt;

        void request(String paymentMethod) {
            Instant now = deployment.clock().now();
            Offer draft = new Offer("off_" + UUID.randomUUID(), provider.userId(), "Walk", "",
                    Money.of(12000, Currency.getInstance("EUR")), 60, List.of(new Term("t1", TermKind.CONDUCT, "Kind")),
                    null, new CancellationPolicy(48, 50, 6), null, 1, now, now);
            Offer offer = new Offer(draft.offerId(), draft.providerId(), draft.title(), draft.description(),
                    draft.price(), draft.durationMinutes(), draft.terms(), null, draft.cancellationPolicy(),
                    draft.termsDocument().version(), 1, now, now);
            new DynamoDbOfferStore(deployment.dynamoDb(), deployment.tableName(Tables.OFFERS)).create(offer);
            startsAt = now.plus(Duration.ofDays(3));
            bookingId = bookings.request(customer, new BookingRequest(offer.offerId(), startsAt, offer.termsVersion(),
                    true, true, paymentMethod), "k-" + UUID.randomUUID()).bookingId();
        }

        Booking booking() {
            return store.find(bookingId).orElseThrow();
        }

        /** Receives everything on the queue and applies each message twice, or once through a dying worker. */
        void deliver(boolean twice, boolean dieAfterProvider) {
            for (int round = 0; round < 20; round++) {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10))
                        .messages();
                if (messages.isEmpty()) {
                    return;
                }
                for (Message message : messages) {
                    EscrowCommand command = EscrowCommandMessages.read(message.body());
                    if (dieAfterProvider) {
                        dieAfterProvider = false;
                        try {
                            dyingWorker().apply(command);
                        } catch (IllegalStateException | PaymentProvider.TemporarilyUnavailable killed) {
                            // not deleted: SQS delivers it again; like the worker, the rest of this booking's
                            // batch waits behind it (one message group per booking keeps the order)
                            break;
                        }
                    }
                    boolean applied = apply(command);
                    if (twice) {
                        applied = apply(command) || applied;
                    }
                    if (!applied) { // as the worker does: a failed message comes back, and the group waits
                        break;
                    }
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }

        private boolean apply(EscrowCommand command) {
            try {
                worker.apply(command);
                return true;
            } catch (PaymentProvider.TemporarilyUnavailable later) {
                return false; // stays for the next delivery
            }
        }

        private EscrowService dyingWorker() {
            PaymentProvider dying = new PaymentProvider() {
                @Override
                public HoldOutcome hold(String key, String id, String method, long amount, String currency) {
                    sandbox.hold(key, id, method, amount, currency);
                    throw new IllegalStateException("killed after the provider answered");
                }

                @Override
                public void move(String key, String id, MovementKind kind, long amount, String currency) {
                    sandbox.move(key, id, kind, amount, currency);
                    throw new IllegalStateException("killed after the provider answered");
                }
            };
            return new EscrowService(store, dying, (r, n) -> { }, deployment.clock());
        }

        void sweep() {
            for (Booking due : store.due(deployment.clock().now(), 100)) {
                try {
                    bookings.fireTimers(due);
                } catch (DomainException | IllegalStateException raced) {
                    // a concurrent change or a dying relay: the next sweep sees it
                }
            }
        }

        void assertInvariants() {
            Booking booking = booking();
            Ledger ledger = store.ledger(bookingId, "EUR");
            assertThat(ledger.verifies()).as("the chain verifies").isTrue();
            assertThat(ledger.balance().invariantHolds()).as("held = platform + provider + refunded + held").isTrue();
            assertThat(booking.escrow()).as("summary equals ledger").isEqualTo(ledger.balance());
            assertThat(sandbox.holdsPlaced(bookingId)).as("holds placed").isLessThanOrEqualTo(1);
            assertThat(ledger.balance().held()).isIn(0L, 13200L);
        }
    }

    @Property(tries = 150)
    void theEscrowInvariantsHoldAfterEveryStep(@ForAll @Size(max = 14) List<Step> steps,
            @ForAll("paymentMethods") String paymentMethod) throws Exception {
        World w = new World();
        w.request(paymentMethod);
        w.assertInvariants();
        for (Step step : steps) {
            perform(w, step);
            w.assertInvariants();
        }
        for (int i = 0; i < 4; i++) { // let everything settle: relay what is pending, deliver it all
            w.deployment.advance(BookingService.RELAY_GRACE.plusSeconds(1));
            w.sweep();
            w.deliver(true, false);
        }
        w.assertInvariants();
        Booking end = w.booking();
        assertThat(end.outbox()).as("every command applied").isEmpty();
        if (end.status().next().isEmpty()) {
            assertThat(end.escrow().stillHeld()).as("a finished booking holds nothing: " + end.status()).isZero();
        }
        if (end.status() == BookingStatus.HOLD_FAILED) {
            assertThat(end.escrow().held()).isZero();
        }
        // what the payment provider did with the money is what the ledger says, movement kind by movement kind
        var atProvider = w.sandbox.recorded().getOrDefault(w.bookingId,
                new SandboxPaymentProvider.BookingMoney(0, Map.of()));
        Ledger ledger = w.store.ledger(w.bookingId, "EUR");
        assertThat(atProvider.heldCents()).as("held at the provider").isEqualTo(ledger.balance().held());
        for (MovementKind kind : MovementKind.values()) {
            if (kind != MovementKind.HOLD) {
                long inLedger = ledger.entries().stream().filter(e -> e.kind() == kind && e.amount() > 0)
                        .mapToLong(e -> e.amount()).sum();
                assertThat(atProvider.moved(kind)).as(kind + " at the provider").isEqualTo(inLedger);
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> paymentMethods() {
        return net.jqwik.api.Arbitraries.of("pm_ok", "pm_ok", "pm_declined", "pm_unavailable", "invoice");
    }

    /** Runs an action whose refusal (a lost race, a wrong state) or injected death is part of the scenario. */
    private static void tolerated(Runnable action) {
        try {
            action.run();
        } catch (DomainException refused) {
            // refused in this state
        } catch (IllegalStateException killed) {
            if (!String.valueOf(killed.getMessage()).startsWith("killed")) {
                throw killed;
            }
        }
    }

    private static void perform(World w, Step step) throws Exception {
        try {
            switch (step) {
                case ACCEPT -> w.bookings.accept(w.provider, w.bookingId);
                case DECLINE -> w.bookings.decline(w.provider, w.bookingId);
                case CANCEL_BY_CUSTOMER -> w.bookings.cancel(w.customer, w.bookingId, false);
                case CANCEL_LATE_ACKNOWLEDGED -> w.bookings.cancel(w.customer, w.bookingId, true);
                case CANCEL_BY_PROVIDER -> w.bookings.cancel(w.provider, w.bookingId, false);
                case CHECK_IN -> {
                    var code = w.bookings.checkInCode(w.customer, w.bookingId);
                    w.bookings.checkIn(w.provider, w.bookingId, code.code(), null, null, null);
                }
                case ADVANCE_HOURS -> w.deployment.advance(Duration.ofHours(7));
                case ADVANCE_DAY -> w.deployment.advance(Duration.ofDays(1));
                case ADVANCE_TO_START -> {
                    Duration left = Duration.between(w.deployment.clock().now(), w.startsAt.minus(Duration.ofMinutes(5)));
                    if (!left.isNegative()) {
                        w.deployment.advance(left);
                    }
                }
                case SWEEP -> w.sweep();
                case DELIVER_TWICE -> w.deliver(true, false);
                case WORKER_DIES_AFTER_PROVIDER -> w.deliver(false, true);
                case RELAY_DIES_NEXT -> w.relayDies.set(true);
                case RACE_ACCEPT_AND_CANCEL -> race(w);
            }
        } catch (DomainException refused) {
            // not allowed in this state: the refusal is the behaviour; invariants are checked after
        } catch (IllegalStateException killed) {
            if (!String.valueOf(killed.getMessage()).startsWith("killed")) {
                throw killed;
            }
        }
    }

    private static void race(World w) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            var a = pool.submit(() -> {
                go.await();
                tolerated(() -> w.bookings.accept(w.provider, w.bookingId));
                return null;
            });
            var c = pool.submit(() -> {
                go.await();
                tolerated(() -> w.bookings.cancel(w.customer, w.bookingId, true));
                return null;
            });
            go.countDown();
            a.get();
            c.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
