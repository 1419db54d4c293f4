package com.safehold.domain.bookings;

import com.safehold.domain.common.Money;

/** What a booking costs (SPEC 4.4 {@code amounts}): the service price, the platform's fee and their sum. */
public record Amounts(Money price, Money bookingFee) {

    public static Amounts of(Money price, int bookingFeePercent) {
        return new Amounts(price, price.percent(bookingFeePercent));
    }

    public Money total() {
        return price.plus(bookingFee);
    }

    public String currency() {
        return price.currencyCode();
    }
}
