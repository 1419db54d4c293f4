package com.safehold.domain.bookings;

import com.safehold.domain.common.DomainException;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.offers.CancellationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who gets what when a booking is cancelled (SPEC 4.4):
 * <ul>
 *   <li>customer before acceptance: everything back, booking fee included;</li>
 *   <li>customer after acceptance, more than {@code freeUntilHours} before the start: the service fee back (the
 *       platform keeps the booking fee it earned at acceptance);</li>
 *   <li>later, but not within {@code noCancelWithinHours}: 409 {@code late_fee_applies} with {@code refundCents}
 *       unless acknowledged, then {@code lateRefundPercent} of the service fee back and the rest to the provider;</li>
 *   <li>within {@code noCancelWithinHours}: 409 {@code cancellation_window_passed} with the policy;</li>
 *   <li>provider, any time before completion: everything back to the customer, booking fee included.</li>
 * </ul>
 */
public final class CancellationRules {

    private CancellationRules() {}

    /** The money movements of a cancellation, or the refusal. */
    public static List<EscrowCommand> commands(Booking booking, boolean byProvider, boolean acknowledgeLateFee,
            Instant now) {
        String id = booking.bookingId();
        long price = booking.amounts().price().minorUnits();
        long fee = booking.amounts().bookingFee().minorUnits();
        boolean accepted = booking.status() == BookingStatus.ACCEPTED;
        List<EscrowCommand> commands = new ArrayList<>();
        if (!accepted) {
            if (booking.status() == BookingStatus.PENDING_PROVIDER) {
                commands.add(EscrowCommand.of(id, "cancel-refund", MovementKind.REFUND, price + fee));
            }
            return commands; // REQUESTED: the hold is not placed yet; the worker refunds if it lands afterwards
        }
        if (byProvider) {
            commands.add(EscrowCommand.of(id, "cancel-refund", MovementKind.REFUND, price));
            if (fee > 0) {
                commands.add(EscrowCommand.of(id, "cancel-return-fee", MovementKind.RETURN_BOOKING_FEE, fee));
            }
            return commands;
        }
        CancellationPolicy policy = booking.cancellationPolicy();
        Duration left = Duration.between(now, booking.startsAt());
        if (left.compareTo(Duration.ofHours(policy.freeUntilHours())) >= 0) {
            commands.add(EscrowCommand.of(id, "cancel-refund", MovementKind.REFUND, price));
            return commands;
        }
        if (left.compareTo(Duration.ofHours(policy.noCancelWithinHours())) < 0) {
            throw new DomainException(DomainException.Kind.CONFLICT, "cancellation_window_passed",
                    "the cancellation policy allows no cancellation within " + policy.noCancelWithinHours()
                            + " hours of the start",
                    Map.of("policy", Map.of("freeUntilHours", policy.freeUntilHours(),
                            "lateRefundPercent", policy.lateRefundPercent(),
                            "noCancelWithinHours", policy.noCancelWithinHours())));
        }
        long refund = booking.amounts().price().percent(policy.lateRefundPercent()).minorUnits();
        if (!acknowledgeLateFee) {
            throw new DomainException(DomainException.Kind.CONFLICT, "late_fee_applies",
                    "a late cancellation refunds " + policy.lateRefundPercent() + "% of the service fee;"
                            + " repeat with acknowledgeLateFee=true to cancel",
                    Map.of("refundCents", refund));
        }
        if (refund > 0) {
            commands.add(EscrowCommand.of(id, "cancel-refund", MovementKind.REFUND, refund));
        }
        if (price - refund > 0) {
            commands.add(EscrowCommand.of(id, "cancel-late-fee", MovementKind.RELEASE_SERVICE_FEE, price - refund));
        }
        return commands;
    }
}
