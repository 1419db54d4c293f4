package com.safehold.domain.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.escrow.MovementKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each clause of {@link Booking#isOpenObligation} on its own (SPEC 4.7 {@code open_obligations}): a booking
 * binds its parties while it is not settled, while money is still held, or while an escrow command waits to
 * be confirmed; each clause is tested against a booking that is closed in every other respect.
 */
class OpenObligationTest {

    private static final Instant AT = Instant.parse("2026-12-10T16:30:00Z");
    /** Settled with nothing left in escrow: every movement done. */
    private static final EscrowBalance PAID_OUT = new EscrowBalance(13200, 1200, 12000, 0, 0);

    private static Booking closed(BookingStatus status) {
        return CancellationRulesTest.booking(status).withEscrow(PAID_OUT);
    }

    @ParameterizedTest
    @EnumSource(value = BookingStatus.class, names = {"HOLD_FAILED", "DECLINED", "EXPIRED", "COMPLETED", "CANCELLED"})
    void aSettledBookingWithNothingHeldAndNothingPending_bindsNobody(BookingStatus status) {
        assertThat(closed(status).isOpenObligation()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = BookingStatus.class, names = {"REQUESTED", "PENDING_PROVIDER", "ACCEPTED"})
    void aBookingNotYetSettled_isOpenEvenWithNothingHeld(BookingStatus status) {
        assertThat(closed(status).isOpenObligation()).isTrue();
    }

    @Test
    void aDisputedBooking_isOpen() {
        assertThat(closed(BookingStatus.DISPUTED).isOpenObligation()).isTrue();
    }

    @Test
    void moneyStillHeld_keepsASettledBookingOpen() {
        Booking completed = closed(BookingStatus.COMPLETED);
        Booking stillHolding = completed.withEscrow(new EscrowBalance(13200, 1200, 11999, 0, 1));

        assertThat(completed.isOpenObligation()).isFalse();
        assertThat(stillHolding.isOpenObligation()).isTrue();
    }

    @Test
    void anUnconfirmedEscrowCommand_keepsASettledBookingOpen_untilItIsRelayed() {
        Booking completed = closed(BookingStatus.COMPLETED);
        EscrowCommand release = EscrowCommand.of("bkg_1", "check-in", MovementKind.RELEASE_SERVICE_FEE, 12000);
        Booking waiting = completed.moveTo(BookingStatus.COMPLETED, AT, "check_in", List.of(release), null);

        assertThat(waiting.isOpenObligation()).isTrue();
        assertThat(waiting.withoutRelayed(List.of(release.commandId())).isOpenObligation()).isFalse();
    }
}
