package com.safehold.domain.bookings;

import java.util.List;

/**
 * Port: hands escrow commands to the escrow worker (SQS FIFO, one message group per booking, the command id
 * as deduplication id). Sending twice is harmless: the worker applies each command once.
 */
@FunctionalInterface
public interface CommandRelay {
    void send(List<EscrowCommand> commands);
}
