package com.safehold.domain.escrow;

/** What a ledger transaction does, and between which accounts (SPEC 4.4). */
public enum MovementKind {
    HOLD(LedgerAccount.CUSTOMER, LedgerAccount.ESCROW),
    RELEASE_BOOKING_FEE(LedgerAccount.ESCROW, LedgerAccount.PLATFORM),
    RELEASE_SERVICE_FEE(LedgerAccount.ESCROW, LedgerAccount.PROVIDER),
    REFUND(LedgerAccount.ESCROW, LedgerAccount.CUSTOMER),
    /** A provider's cancellation after acceptance refunds the booking fee the platform already received. */
    RETURN_BOOKING_FEE(LedgerAccount.PLATFORM, LedgerAccount.CUSTOMER);

    private final LedgerAccount from;
    private final LedgerAccount to;

    MovementKind(LedgerAccount from, LedgerAccount to) {
        this.from = from;
        this.to = to;
    }

    public LedgerAccount from() {
        return from;
    }

    public LedgerAccount to() {
        return to;
    }
}
