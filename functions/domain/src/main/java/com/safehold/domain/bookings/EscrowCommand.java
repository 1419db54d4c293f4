package com.safehold.domain.bookings;

import com.safehold.domain.escrow.MovementKind;
import java.util.Objects;

/**
 * An instruction to the escrow worker, the only writer of money. Its {@code commandId} is derived from the
 * booking and the step that caused it (e.g. {@code <bookingId>:accept}), so retrying that step produces the
 * same command, and it is the ledger transaction id and the payment provider's idempotency key: applying a
 * command twice changes nothing.
 *
 * @param amount minor units to move
 */
public record EscrowCommand(String commandId, String bookingId, MovementKind kind, long amount) {

    public EscrowCommand {
        Objects.requireNonNull(commandId);
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(kind);
        if (amount <= 0) {
            throw new IllegalArgumentException("a command moves a positive amount");
        }
    }

    public static EscrowCommand of(String bookingId, String step, MovementKind kind, long amount) {
        return new EscrowCommand(bookingId + ":" + step, bookingId, kind, amount);
    }
}
