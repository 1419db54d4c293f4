package com.safehold.domain.escrow;

/**
 * The accounts of one booking's double-entry ledger. Money enters from {@link #CUSTOMER} into
 * {@link #ESCROW} with the hold and leaves escrow to the platform, the provider, or back to the customer.
 */
public enum LedgerAccount {
    /** The customer's payment method: the hold debits it, refunds credit it. */
    CUSTOMER,
    /** Money blocked for this booking. Never negative. */
    ESCROW,
    /** The booking fee, once released. */
    PLATFORM,
    /** The service fee, once released. */
    PROVIDER
}
