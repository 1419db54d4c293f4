package com.safehold.domain.disputes;

/**
 * Why a dispute is filed (SPEC 4.6), and who may file it:
 * <ul>
 *   <li>{@code TERMS_BREACH}, {@code MISCONDUCT}, {@code OTHER}: either party, once the booking is accepted;</li>
 *   <li>{@code NO_SHOW} (the customer did not come): the provider, from the start of the slot;</li>
 *   <li>{@code PROVIDER_NO_SHOW}: the customer, from the start of the slot.</li>
 * </ul>
 * Every reason: only while money is still held and until {@code unclaimedEscrowHours} after the slot ends.
 */
public enum DisputeReason {
    TERMS_BREACH(true, true, false),
    NO_SHOW(false, true, true),
    PROVIDER_NO_SHOW(true, false, true),
    MISCONDUCT(true, true, false),
    OTHER(true, true, false);

    private final boolean byCustomer;
    private final boolean byProvider;
    private final boolean onlyFromStart;

    DisputeReason(boolean byCustomer, boolean byProvider, boolean onlyFromStart) {
        this.byCustomer = byCustomer;
        this.byProvider = byProvider;
        this.onlyFromStart = onlyFromStart;
    }

    public boolean allowedFor(boolean customer) {
        return customer ? byCustomer : byProvider;
    }

    public boolean onlyFromStart() {
        return onlyFromStart;
    }
}
