package com.safehold.domain.bookings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.offers.CancellationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationRulesTest {

    private static final Instant START = Instant.parse("2026-12-10T14:00:00Z");

    static Booking booking(BookingStatus status) {
        return new Booking("bkg_1", "off_1", new UserId("c"), new UserId("p"), START, START.plus(Duration.ofHours(2)),
                status, Amounts.of(Money.of(12000, Currency.getInstance("EUR")), 10), "pm_ok", null,
                new CancellationPolicy(48, 50, 6), null, List.of(), "SECRET", 0, List.of(), EscrowBalance.NONE, List.of(), null, 1);
    }

    private static List<EscrowCommand> cancel(BookingStatus status, boolean provider, boolean ack, Duration beforeStart) {
        return CancellationRules.commands(booking(status), provider, ack, START.minus(beforeStart));
    }

    @Test
    void beforeAcceptance_theCustomerGetsEverythingBack() {
        assertThat(cancel(BookingStatus.PENDING_PROVIDER, false, false, Duration.ofHours(1)))
                .containsExactly(new EscrowCommand("bkg_1:cancel-refund", "bkg_1", MovementKind.REFUND, 13200));
    }

    @Test
    void acceptedAndEarly_refundsTheServiceFee_theBookingFeeStaysEarned() {
        assertThat(cancel(BookingStatus.ACCEPTED, false, false, Duration.ofHours(48)))
                .containsExactly(new EscrowCommand("bkg_1:cancel-refund", "bkg_1", MovementKind.REFUND, 12000));
    }

    @Test
    void acceptedAndLate_needsTheAcknowledgement_thenSplitsByThePolicy() {
        assertThatThrownBy(() -> cancel(BookingStatus.ACCEPTED, false, false, Duration.ofHours(47)))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> {
                    assertThat(((DomainException) e).code()).isEqualTo("late_fee_applies");
                    assertThat(((DomainException) e).extras()).containsEntry("refundCents", 6000L);
                });
        assertThat(cancel(BookingStatus.ACCEPTED, false, true, Duration.ofHours(6))).containsExactly(
                new EscrowCommand("bkg_1:cancel-refund", "bkg_1", MovementKind.REFUND, 6000),
                new EscrowCommand("bkg_1:cancel-late-fee", "bkg_1", MovementKind.RELEASE_SERVICE_FEE, 6000));
    }

    @Test
    void withinTheNoCancelWindow_theCustomerCannotCancel_evenAcknowledging() {
        assertThatThrownBy(() -> cancel(BookingStatus.ACCEPTED, false, true, Duration.ofHours(6).minusSeconds(1)))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo("cancellation_window_passed"));
    }

    @Test
    void theProviderCancelling_refundsEverything_bookingFeeIncluded() {
        assertThat(cancel(BookingStatus.ACCEPTED, true, false, Duration.ofMinutes(5))).containsExactly(
                new EscrowCommand("bkg_1:cancel-refund", "bkg_1", MovementKind.REFUND, 12000),
                new EscrowCommand("bkg_1:cancel-return-fee", "bkg_1", MovementKind.RETURN_BOOKING_FEE, 1200));
    }
}
