package com.safehold.domain.bookings;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * Proof of what the customer agreed to (SPEC 4.4): who, when, which terms version and the SHA-256 of the
 * exact terms text (terms, venue and cancellation policy), plus the two explicit acceptances.
 */
public record ConsentReceipt(UserId customerId, Instant acceptedAt, String termsVersion, String termsSha256,
        boolean termsAndConditions, boolean cancellationPolicy) {}
