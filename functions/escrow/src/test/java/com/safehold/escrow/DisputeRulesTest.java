package com.safehold.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.BookingRequest;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.DisputeReason;
import com.safehold.domain.disputes.DisputeService;
import com.safehold.domain.escrow.EscrowService;
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
import org.junit.jupiter.api.Test;

/**
 * Dispute deadlines to the millisecond and an objection racing the automatic resolution, against DynamoDB
 * Local with the deployment's movable clock (the local platform's clock moves in whole seconds).
 */
class DisputeRulesTest {

    private final List<EscrowCommand> relayed = new CopyOnWriteArrayList<>();

    /** A deployment whose relay records commands and whose notifications go nowhere. */
    private final TestDeployment deployment = new TestDeployment() {
        @Override
        public CommandRelay commandRelay() {
            return relayed::addAll;
        }

        @Override
        public Notifier notifier() {
            return (recipients, notification) -> { };
        }
    };
    private final DynamoDbBookingStore store = Wiring.bookingStore(deployment);
    private final DynamoDbSettingsSource settings = new DynamoDbSettingsSource(deployment.dynamoDb(), Tables.SETTINGS.name());
    private final BookingService bookings = Wiring.bookings(deployment, store, settings, BookingService.PaymentGate.OPEN);
    private final DisputeService disputes = Wiring.disputes(deployment, store, settings);
    private final EscrowService escrow = new EscrowService(store, new SandboxPaymentProvider(), (r, n) -> { },
            deployment.clock());
    private final Caller customer = new Caller(new UserId("cus-" + UUID.randomUUID()), Set.of(Role.CUSTOMER));
    private final Caller provider = new Caller(new UserId("pro-" + UUID.randomUUID()), Set.of(Role.PROVIDER));

    private void deliver() {
        List<EscrowCommand> batch = new ArrayList<>(relayed);
        relayed.clear();
        batch.forEach(escrow::apply);
    }

    /** An accepted booking with a dispute the provider filed; returns the dispute. */
    private Dispute disputed(int inDays) {
        Instant now = deployment.clock().now();
        Offer draft = new Offer("off_" + UUID.randomUUID(), provider.userId(), "Walk", "",
                Money.of(12000, Currency.getInstance("EUR")), 60, List.of(new Term("t1", TermKind.CONDUCT, "Kind")),
                null, new CancellationPolicy(48, 50, 6), null, 1, now, now);
        Offer offer = new Offer(draft.offerId(), draft.providerId(), draft.title(), "", draft.price(), 60,
                draft.terms(), null, draft.cancellationPolicy(), draft.termsDocument().version(), 1, now, now);
        new DynamoDbOfferStore(deployment.dynamoDb(), Tables.OFFERS.name()).create(offer);
        String id = bookings.request(customer, new BookingRequest(offer.offerId(), now.plus(Duration.ofDays(inDays)),
                offer.termsVersion(), true, true, "pm_ok"), UUID.randomUUID().toString()).bookingId();
        deliver();
        bookings.accept(provider, id);
        deliver();
        return disputes.file(provider, id, DisputeReason.TERMS_BREACH, "Asked for alcohol", List.of());
    }

    @Test
    void anObjectionOneMillisecondBeforeRespondBy_isInTime_andAtRespondBy_isNot() {
        Dispute early = disputed(3);
        deployment.advance(Duration.between(deployment.clock().now(), early.respondBy()).minusMillis(1));
        assertThat(disputes.object(customer, early.disputeId(), "I disagree").status())
                .isEqualTo(Dispute.Status.UNDER_REVIEW);

        Dispute exact = disputed(5);
        deployment.advance(Duration.between(deployment.clock().now(), exact.respondBy()));
        assertThat(deployment.clock().now()).isEqualTo(exact.respondBy());
        assertThatThrownBy(() -> disputes.object(customer, exact.disputeId(), "too late"))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo("objection_window_closed"));
        assertThat(disputes.fireTimer(disputes.visibleDispute(provider, exact.disputeId()))).isTrue();
    }

    @Test
    void anObjectionRacingTheAutomaticResolution_yieldsExactlyOneOutcome() throws Exception {
        for (int round = 0; round < 8; round++) {
            Dispute dispute = disputed(10 + round * 2);
            // the objection was checked just before the deadline; the sweep runs just after it
            DisputeService beforeDeadline = Wiring.disputes(new TestDeployment() {
                @Override
                public com.safehold.domain.common.Clock clock() {
                    return () -> dispute.respondBy().minusMillis(1);
                }

                @Override
                public com.safehold.domain.crypto.FieldCipher fieldCipher() {
                    return deployment.fieldCipher(); // the same keyring: one deployment, another moment
                }

                @Override
                public CommandRelay commandRelay() {
                    return relayed::addAll;
                }

                @Override
                public Notifier notifier() {
                    return (recipients, notification) -> { };
                }
            }, store, settings);
            deployment.advance(Duration.between(deployment.clock().now(), dispute.respondBy()));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                Future<Boolean> objected = pool.submit(() -> {
                    go.await();
                    try {
                        beforeDeadline.object(customer, dispute.disputeId(), "I disagree");
                        return true;
                    } catch (DomainException closed) {
                        return false;
                    }
                });
                Future<Boolean> resolved = pool.submit(() -> {
                    go.await();
                    return disputes.fireTimer(dispute);
                });
                go.countDown();
                boolean objectionWon = objected.get();
                boolean timerWon = resolved.get();
                assertThat(objectionWon ^ timerWon).as("exactly one outcome, round " + round).isTrue();
                Dispute after = disputes.visibleDispute(provider, dispute.disputeId());
                var booking = store.find(dispute.bookingId()).orElseThrow();
                if (objectionWon) {
                    assertThat(after.status()).isEqualTo(Dispute.Status.UNDER_REVIEW);
                    assertThat(booking.status()).isEqualTo(BookingStatus.DISPUTED);
                    assertThat(booking.outbox()).isEmpty();
                } else {
                    assertThat(after.status()).isEqualTo(Dispute.Status.RESOLVED);
                    assertThat(booking.status()).isEqualTo(BookingStatus.COMPLETED);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
