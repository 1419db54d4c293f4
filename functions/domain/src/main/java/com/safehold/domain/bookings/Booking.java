package com.safehold.domain.bookings;

import com.safehold.domain.common.UserId;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.Venue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A booking (SPEC 4.4) with what it agreed to at request time: the amounts, the terms, the venue and the
 * cancellation policy are copied from the offer, so a later change of the offer changes no existing booking.
 *
 * @param checkInSecret    per-booking TOTP secret behind the rotating check-in code (the store encrypts it)
 * @param escrow           where the money is, kept by the escrow worker from the ledger
 * @param outbox           escrow commands written with the change that caused them and not yet relayed
 * @param dueAt            when the next timer fires (provider deadline, unclaimed escrow), or null
 * @param version          optimistic-locking version
 */
public record Booking(
        String bookingId,
        String offerId,
        UserId customerId,
        UserId providerId,
        Instant startsAt,
        Instant endsAt,
        BookingStatus status,
        Amounts amounts,
        String paymentMethod,
        ConsentReceipt consent,
        CancellationPolicy cancellationPolicy,
        Venue venue,
        List<Term> terms,
        String checkInSecret,
        int checkInFailures,
        List<TimelineEvent> timeline,
        EscrowBalance escrow,
        List<EscrowCommand> outbox,
        Instant dueAt,
        long version) {

    public Booking {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(customerId);
        Objects.requireNonNull(providerId);
        Objects.requireNonNull(status);
        terms = terms == null ? List.of() : List.copyOf(terms);
        timeline = List.copyOf(timeline);
        outbox = List.copyOf(outbox);
    }

    /**
     * Whether the booking still binds its parties (SPEC 4.7 {@code open_obligations}): not yet settled, money
     * still held, or an escrow command not yet confirmed by the worker.
     */
    public boolean isOpenObligation() {
        boolean settled = switch (status) {
            case REQUESTED, PENDING_PROVIDER, ACCEPTED, DISPUTED -> false;
            case HOLD_FAILED, DECLINED, EXPIRED, COMPLETED, CANCELLED -> true;
        };
        return !settled || (escrow != null && escrow.stillHeld() > 0) || !outbox.isEmpty();
    }

    public boolean isParty(UserId userId) {
        return customerId.equals(userId) || providerId.equals(userId);
    }

    /** This booking in {@code next}, with the change on the timeline and the commands it causes in the outbox. */
    public Booking moveTo(BookingStatus next, Instant at, String reason, List<EscrowCommand> commands, Instant nextDueAt) {
        List<TimelineEvent> events = new ArrayList<>(timeline);
        events.add(new TimelineEvent(next, at, reason));
        List<EscrowCommand> pending = new ArrayList<>(outbox);
        pending.addAll(commands);
        return new Booking(bookingId, offerId, customerId, providerId, startsAt, endsAt, next, amounts, paymentMethod,
                consent, cancellationPolicy, venue, terms, checkInSecret, checkInFailures, events, escrow, pending, nextDueAt,
                version);
    }

    public Booking withCheckInFailures(int failures) {
        return new Booking(bookingId, offerId, customerId, providerId, startsAt, endsAt, status, amounts, paymentMethod,
                consent, cancellationPolicy, venue, terms, checkInSecret, failures, timeline, escrow, outbox, dueAt, version);
    }

    public Booking withEscrow(EscrowBalance balance) {
        return new Booking(bookingId, offerId, customerId, providerId, startsAt, endsAt, status, amounts, paymentMethod,
                consent, cancellationPolicy, venue, terms, checkInSecret, checkInFailures, timeline, balance, outbox, dueAt,
                version);
    }

    public Booking withDueAt(Instant next) {
        return new Booking(bookingId, offerId, customerId, providerId, startsAt, endsAt, status, amounts, paymentMethod,
                consent, cancellationPolicy, venue, terms, checkInSecret, checkInFailures, timeline, escrow, outbox, next,
                version);
    }

    public Booking withoutRelayed(List<String> commandIds) {
        List<EscrowCommand> pending = outbox.stream().filter(c -> !commandIds.contains(c.commandId())).toList();
        return new Booking(bookingId, offerId, customerId, providerId, startsAt, endsAt, status, amounts, paymentMethod,
                consent, cancellationPolicy, venue, terms, checkInSecret, checkInFailures, timeline, escrow, pending, dueAt,
                version);
    }

    @Override
    public String toString() {
        return "Booking[" + bookingId + ", " + status + "]"; // never the check-in secret
    }
}
