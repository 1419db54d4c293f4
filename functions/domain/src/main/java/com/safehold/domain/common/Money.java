package com.safehold.domain.common;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount in integer minor units of an ISO-4217 currency (SPEC 3). Never floating point; arithmetic
 * fails loudly on overflow rather than wrapping.
 */
public record Money(long minorUnits, Currency currency) {

    /**
     * Largest amount one offer or booking may carry: 100,000.00 in a two-decimal currency. Anything above
     * is refused as absurd (SPEC 3) before it can reach the payment provider.
     */
    public static final long MAX_MINOR_UNITS = 10_000_000L;

    public Money {
        Objects.requireNonNull(currency);
        if (minorUnits < 0) {
            throw new IllegalArgumentException("money is never negative");
        }
    }

    public static Money of(long minorUnits, Currency currency) {
        return new Money(minorUnits, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    /**
     * {@code percent}% of this amount, rounded half up to a whole minor unit. The rounding is the platform's
     * to bear or keep; it is never split across parties.
     */
    public Money percent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100");
        }
        long scaled = Math.multiplyExact(minorUnits, (long) percent);
        return new Money((scaled + 50) / 100, currency);
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currencies differ: " + currency + " and " + other.currency);
        }
    }
}
