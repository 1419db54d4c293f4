package com.safehold.domain.bookings;

import java.time.Instant;

/** One change in a booking's life, as shown in {@code timeline} (SPEC 4.4); {@code reason} is a stable code. */
public record TimelineEvent(BookingStatus status, Instant at, String reason) {}
