package com.safehold.domain.disputes;

import com.safehold.domain.bookings.Booking;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: messages, change requests and disputes, written together with their booking where it matters. */
public interface SafetyStore {

    void addMessage(Message message);

    List<Message> messages(String bookingId);

    void addChangeRequest(ChangeRequest request);

    Optional<ChangeRequest> changeRequest(String bookingId, String changeRequestId);

    List<ChangeRequest> changeRequests(String bookingId);

    /**
     * Records a decision on a pending change request.
     *
     * @throws java.util.ConcurrentModificationException when it was decided meanwhile
     */
    void decide(ChangeRequest decided);

    /**
     * Opens a dispute, moves the booking to {@code DISPUTED} (at its version) and, when given, records the
     * rejected change request that caused it — all or nothing.
     *
     * @throws java.util.ConcurrentModificationException when the booking or the change request changed meanwhile
     */
    void open(Dispute dispute, Booking disputed, ChangeRequest rejected);

    Optional<Dispute> dispute(String disputeId);

    /**
     * Stores an objection or a resolution if the dispute is still at {@code expected}'s version and status;
     * with {@code settled}, also the booking with its escrow commands, in the same transaction.
     *
     * @throws java.util.ConcurrentModificationException when someone else changed it first
     */
    void update(Dispute expected, Dispute changed, Booking settled);

    /** Every dispute filed about the booking (export). */
    List<Dispute> disputesOf(String bookingId);

    /** Open disputes whose objection window has passed. */
    List<Dispute> due(Instant now, int limit);
}
