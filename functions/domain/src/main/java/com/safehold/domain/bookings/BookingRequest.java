package com.safehold.domain.bookings;

import java.time.Instant;

/** What {@code POST /v1/bookings} carries (SPEC 4.4), already of the right JSON types. */
public record BookingRequest(String offerId, Instant startsAt, String acceptedTermsVersion,
        boolean acceptTermsAndConditions, boolean acceptCancellationPolicy, String paymentMethod) {}
