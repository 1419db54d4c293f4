package com.safehold.domain.escrow;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.common.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;

/**
 * The escrow worker's rules (SPEC 4.4): the only code that moves money. A command is applied exactly once in
 * effect: the payment provider sees the command id as its idempotency key, and the ledger transaction that
 * records the movement has the same id and is written together with the booking, so a redelivered or
 * repeated command finds its transaction and changes nothing. A crash between the provider call and the
 * write is repaired by the redelivery: the provider answers as before, the write happens once.
 */
public final class EscrowService {

    /** Attempts when a party changed the booking between our read and our write. */
    static final int MAX_RACES = 5;

    private final BookingStore bookings;
    private final PaymentProvider provider;
    private final Notifier notifier;
    private final Clock clock;

    public EscrowService(BookingStore bookings, PaymentProvider provider, Notifier notifier, Clock clock) {
        this.bookings = bookings;
        this.provider = provider;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** What applying a command did, for the worker's log. */
    public enum Result {
        APPLIED, ALREADY_APPLIED, HOLD_DECLINED, NOT_NEEDED, UNKNOWN_BOOKING,
        /** Not in the booking's outbox, or different from what it recorded there: refused, nothing moved. */
        NOT_RECORDED
    }

    /**
     * Applies one command.
     *
     * @throws PaymentProvider.TemporarilyUnavailable to be retried later (the message stays on the queue)
     */
    public Result apply(EscrowCommand command) {
        for (int race = 1; ; race++) {
            try {
                return applyOnce(command);
            } catch (ConcurrentModificationException changedMeanwhile) {
                if (race >= MAX_RACES) {
                    throw changedMeanwhile;
                }
            }
        }
    }

    private Result applyOnce(EscrowCommand command) {
        Optional<Booking> found = bookings.find(command.bookingId());
        if (found.isEmpty()) {
            return Result.UNKNOWN_BOOKING;
        }
        Booking booking = found.get();
        String currency = booking.amounts().currency();
        Ledger ledger = bookings.ledger(booking.bookingId(), currency);
        Instant now = clock.now();
        if (ledger.contains(command.commandId())) {
            confirm(booking, command);
            return Result.ALREADY_APPLIED;
        }
        // Only what the booking itself recorded moves money, with the recorded kind and amount: a message that
        // was forged, altered or sent by mistake cannot move anything (the queue's IAM policy is the first line).
        Optional<EscrowCommand> recorded = booking.outbox().stream()
                .filter(c -> c.commandId().equals(command.commandId())).findFirst();
        if (recorded.isEmpty() || !recorded.get().equals(command)) {
            return Result.NOT_RECORDED;
        }
        if (command.kind() == MovementKind.HOLD) {
            return hold(booking, ledger, command, now);
        }
        // the ledger first: a movement it refuses (more than escrow holds, a return the platform never received)
        // must never reach the provider, or the provider would have moved money the ledger does not record
        List<LedgerEntry> entries = ledger.append(command.commandId(), command.kind(), command.amount(), now);
        provider.move(command.commandId(), booking.bookingId(), command.kind(), command.amount(), currency);
        Booking updated = booking.withEscrow(ledger.with(entries).balance()).withoutRelayed(List.of(command.commandId()));
        bookings.update(updated.withDueAt(dueAfterConfirm(updated, booking)), entries);
        return Result.APPLIED;
    }

    private Result hold(Booking booking, Ledger ledger, EscrowCommand command, Instant now) {
        if (booking.status() != BookingStatus.REQUESTED && booking.status() != BookingStatus.CANCELLED) {
            confirm(booking, command); // decided already (e.g. HOLD_FAILED): nothing more to do
            return Result.ALREADY_APPLIED;
        }
        if (booking.status() == BookingStatus.CANCELLED) {
            return holdOfCancelledRequest(booking, ledger, command, now);
        }
        String currency = booking.amounts().currency();
        PaymentProvider.HoldOutcome outcome = provider.hold(command.commandId(), booking.bookingId(),
                booking.paymentMethod(), command.amount(), currency);
        if (outcome == PaymentProvider.HoldOutcome.DECLINED) {
            Booking failed = booking.moveTo(BookingStatus.HOLD_FAILED, now, "payment_declined", List.of(), null)
                    .withoutRelayed(List.of(command.commandId()));
            bookings.update(failed.withDueAt(failed.outbox().isEmpty() ? null : failed.dueAt()));
            notifier.tellParties(failed, "payment_declined");
            return Result.HOLD_DECLINED;
        }
        List<LedgerEntry> entries = new ArrayList<>(ledger.append(command.commandId(), MovementKind.HOLD,
                command.amount(), now));
        Booking pending = booking.withEscrow(ledger.with(entries).balance())
                .moveTo(BookingStatus.PENDING_PROVIDER, now, null, List.of(), null)
                .withoutRelayed(List.of(command.commandId()));
        pending = pending.withDueAt(pending.outbox().isEmpty()
                ? now.plus(BookingService.PROVIDER_DEADLINE) : now.plus(BookingService.RELAY_GRACE));
        bookings.update(pending, entries);
        notifier.tellParties(pending, null);
        return Result.APPLIED;
    }

    /**
     * The customer cancelled the request before its hold was recorded. Whether the payment provider placed it
     * anyway, only the provider knows: an earlier attempt may have got its answer and then lost the race to the
     * cancellation's write, or died before writing. So the provider is asked again with the same idempotency
     * key (an earlier hold is answered, not placed twice), and a hold is released at once: the ledger shows
     * both, and the customer gets everything back. When no earlier attempt reached the provider, this places an
     * authorisation and voids it at once; that is the price of never leaving one behind (decision 0009).
     */
    private Result holdOfCancelledRequest(Booking booking, Ledger ledger, EscrowCommand command, Instant now) {
        if (booking.outbox().stream().noneMatch(c -> c.commandId().equals(command.commandId()))) {
            return Result.NOT_NEEDED; // decided by an earlier delivery
        }
        String currency = booking.amounts().currency();
        PaymentProvider.HoldOutcome outcome = provider.hold(command.commandId(), booking.bookingId(),
                booking.paymentMethod(), command.amount(), currency);
        if (outcome == PaymentProvider.HoldOutcome.DECLINED) {
            confirm(booking, command);
            return Result.NOT_NEEDED;
        }
        String releaseId = command.commandId() + "-released";
        provider.move(releaseId, booking.bookingId(), MovementKind.REFUND, command.amount(), currency);
        List<LedgerEntry> entries = new ArrayList<>(ledger.append(command.commandId(), MovementKind.HOLD,
                command.amount(), now));
        Ledger held = ledger.with(entries);
        List<LedgerEntry> release = held.append(releaseId, MovementKind.REFUND, command.amount(), now);
        entries.addAll(release);
        Booking released = booking.withEscrow(held.with(release).balance()).withoutRelayed(List.of(command.commandId()));
        bookings.update(released.withDueAt(dueAfterConfirm(released, booking)), entries);
        return Result.APPLIED;
    }

    /** Removes an applied command from the booking's outbox, so the timer sweep stops relaying it. */
    private void confirm(Booking booking, EscrowCommand command) {
        if (booking.outbox().stream().anyMatch(c -> c.commandId().equals(command.commandId()))) {
            Booking confirmed = booking.withoutRelayed(List.of(command.commandId()));
            bookings.update(confirmed.withDueAt(dueAfterConfirm(confirmed, booking)));
        }
    }

    /**
     * A booking that can no longer change needs no sweep once its outbox is empty; any other keeps its due time
     * (the sweep then finds only the status timer to reschedule).
     */
    private static Instant dueAfterConfirm(Booking confirmed, Booking before) {
        return confirmed.outbox().isEmpty() && confirmed.status().next().isEmpty() ? null : before.dueAt();
    }
}
