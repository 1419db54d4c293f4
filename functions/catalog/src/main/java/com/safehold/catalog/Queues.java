package com.safehold.catalog;

import java.util.List;

/** Every SQS queue (each with its dead-letter queue). */
public final class Queues {

    /**
     * Commands to the escrow worker. FIFO with the booking id as message group: one booking's money moves in
     * order and never concurrently; the command id is the deduplication id. A command that keeps failing
     * (payment provider down) is retried with the visibility timeout as backoff, then parked in the DLQ.
     */
    public static final QueueDef ESCROW_COMMANDS = new QueueDef("escrow-commands", true, Functions.ESCROW,
            List.of(Functions.BOOKING, Functions.TIMERS, Functions.DISPUTE), 10, 10, 60);

    /**
     * Verification calls (SPEC 4.8): standard, not FIFO (calls are independent). A call that fails for a
     * reason that may pass comes back after the visibility timeout, at most 4 times, then waits in the DLQ;
     * the last delivery marks the verification FAILED, so the customer is offered the restricted methods.
     */
    public static final QueueDef VERIFICATION_CALLS = new QueueDef("verification-calls", false, Functions.CALLS,
            List.of(Functions.VERIFICATION), 5, 4, 60);

    public static final List<QueueDef> ALL = List.of(ESCROW_COMMANDS, VERIFICATION_CALLS);

    private Queues() {}
}
