package com.safehold.domain.bookings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: bookings, with the provider's slots they hold. */
public interface BookingStore {

    /**
     * Stores a new booking and claims its slots, atomically.
     *
     * @return false when a booking with this id exists already (a retried request)
     * @throws SlotTakenException when another booking holds an overlapping slot of the provider
     * @throws PartyErasedException when the customer or the provider is being erased
     */
    boolean create(Booking booking);

    Optional<Booking> find(String bookingId);

    /**
     * Replaces the booking if its stored version is still {@code booking.version()}; releases its slots when
     * the new status no longer holds them.
     *
     * @throws java.util.ConcurrentModificationException when it changed meanwhile
     */
    void update(Booking booking);

    /**
     * The escrow worker's write: the booking (at its version) and new ledger entries (each at a free position,
     * so the chain cannot fork), in one transaction.
     *
     * @throws java.util.ConcurrentModificationException when the booking or a ledger position changed meanwhile
     */
    void update(Booking booking, List<com.safehold.domain.escrow.LedgerEntry> ledgerEntries);

    /** The booking's ledger, in order. */
    com.safehold.domain.escrow.Ledger ledger(String bookingId, String currency);

    /** Every booking in which {@code party} is the customer or the provider (export, erasure). */
    List<Booking> bookingsOf(com.safehold.domain.common.UserId party);

    /** Bookings whose {@code dueAt} has come: timers to fire or commands to relay again. At most {@code limit}. */
    List<Booking> due(Instant now, int limit);

    /** A party of the new booking is being erased or was erased: nobody may book with them any more. */
    final class PartyErasedException extends RuntimeException {
        public PartyErasedException() {
            super("party erased", null, false, false);
        }
    }

    /** Another booking holds an overlapping slot of the same provider. */
    final class SlotTakenException extends RuntimeException {
        public SlotTakenException() {
            super("slot taken", null, false, false);
        }
    }
}
