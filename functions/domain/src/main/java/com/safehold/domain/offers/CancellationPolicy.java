package com.safehold.domain.offers;

/**
 * The provider's cancellation policy (SPEC 4.4): free until {@code freeUntilHours} before the start, then
 * {@code lateRefundPercent} of the service fee refunded, and no cancellation within
 * {@code noCancelWithinHours}.
 */
public record CancellationPolicy(int freeUntilHours, int lateRefundPercent, int noCancelWithinHours) {}
