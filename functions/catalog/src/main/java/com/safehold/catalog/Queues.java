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

    public static final List<QueueDef> ALL = List.of(ESCROW_COMMANDS);

    private Queues() {}
}
