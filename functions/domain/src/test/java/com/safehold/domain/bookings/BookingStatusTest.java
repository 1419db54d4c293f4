package com.safehold.domain.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BookingStatusTest {

    @Test
    void theStateMachine_allowsOnlyTheSpecsTransitions() {
        assertThat(BookingStatus.PENDING_PROVIDER.canBecome(BookingStatus.ACCEPTED)).isTrue();
        assertThat(BookingStatus.REQUESTED.canBecome(BookingStatus.ACCEPTED)).isFalse();
        assertThat(BookingStatus.COMPLETED.next()).isEmpty();
        assertThat(BookingStatus.ACCEPTED.canBecome(BookingStatus.DISPUTED)).isTrue();
        assertThat(BookingStatus.DECLINED.holdsSlot()).isFalse();
        assertThat(BookingStatus.ACCEPTED.holdsSlot()).isTrue();
    }
}
