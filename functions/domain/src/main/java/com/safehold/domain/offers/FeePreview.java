package com.safehold.domain.offers;

import com.safehold.domain.common.Money;

/** What a booking of an offer would cost now: price, the platform's booking fee on top, and the total. */
public record FeePreview(Money price, Money bookingFee, Money total) {

    public static FeePreview of(Money price, int bookingFeePercent) {
        Money fee = price.percent(bookingFeePercent);
        return new FeePreview(price, fee, price.plus(fee));
    }
}
