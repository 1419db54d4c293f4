package com.safehold.domain.escrow;

/**
 * Where a booking's money is (SPEC 4.4 {@code escrow}): held = toPlatform + toProvider + refunded + stillHeld,
 * always, because every ledger transaction balances.
 */
public record EscrowBalance(long held, long toPlatform, long toProvider, long refunded, long stillHeld) {

    public static final EscrowBalance NONE = new EscrowBalance(0, 0, 0, 0, 0);

    public boolean invariantHolds() {
        return held == toPlatform + toProvider + refunded + stillHeld && stillHeld >= 0 && held >= 0
                && toPlatform >= 0 && toProvider >= 0 && refunded >= 0;
    }
}
