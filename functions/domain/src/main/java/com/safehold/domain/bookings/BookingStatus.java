package com.safehold.domain.bookings;

import java.util.EnumSet;
import java.util.Set;

/** The booking state machine (SPEC 4.4). Money follows each change through the escrow worker. */
public enum BookingStatus {
    REQUESTED, HOLD_FAILED, PENDING_PROVIDER, ACCEPTED, DECLINED, EXPIRED, COMPLETED, CANCELLED, DISPUTED;

    /** The statuses this one may change to. */
    public Set<BookingStatus> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(PENDING_PROVIDER, HOLD_FAILED, CANCELLED);
            case PENDING_PROVIDER -> EnumSet.of(ACCEPTED, DECLINED, EXPIRED, CANCELLED);
            case ACCEPTED -> EnumSet.of(COMPLETED, CANCELLED, DISPUTED);
            case DISPUTED -> EnumSet.of(COMPLETED, CANCELLED);
            case HOLD_FAILED, DECLINED, EXPIRED, COMPLETED, CANCELLED -> EnumSet.noneOf(BookingStatus.class);
        };
    }

    public boolean canBecome(BookingStatus target) {
        return next().contains(target);
    }

    /** Whether the slot stays taken: a booking that can still happen blocks it. */
    public boolean holdsSlot() {
        return this == REQUESTED || this == PENDING_PROVIDER || this == ACCEPTED || this == DISPUTED;
    }
}
