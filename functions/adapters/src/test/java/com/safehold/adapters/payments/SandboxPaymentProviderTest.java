package com.safehold.adapters.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.escrow.PaymentProvider.HoldOutcome;
import org.junit.jupiter.api.Test;

class SandboxPaymentProviderTest {

    private final SandboxPaymentProvider sandbox = new SandboxPaymentProvider();

    @Test
    void recordsEachHoldAndMovementOnce_perBooking_whateverIsRepeated() {
        assertThat(sandbox.hold("b1:hold", "b1", "pm_ok", 13200, "EUR")).isEqualTo(HoldOutcome.APPROVED);
        assertThat(sandbox.hold("b1:hold", "b1", "pm_ok", 13200, "EUR")).isEqualTo(HoldOutcome.APPROVED);
        sandbox.move("b1:accept", "b1", MovementKind.RELEASE_BOOKING_FEE, 1200, "EUR");
        sandbox.move("b1:accept", "b1", MovementKind.RELEASE_BOOKING_FEE, 1200, "EUR");
        sandbox.move("b1:r1", "b1", MovementKind.REFUND, 5000, "EUR");
        sandbox.move("b1:r2", "b1", MovementKind.REFUND, 7000, "EUR");
        assertThat(sandbox.hold("b2:hold", "b2", "pm_declined", 13200, "EUR")).isEqualTo(HoldOutcome.DECLINED);

        var recorded = sandbox.recorded();
        assertThat(recorded).containsOnlyKeys("b1");
        assertThat(recorded.get("b1").heldCents()).isEqualTo(13200);
        assertThat(recorded.get("b1").moved(MovementKind.RELEASE_BOOKING_FEE)).isEqualTo(1200);
        assertThat(recorded.get("b1").moved(MovementKind.REFUND)).isEqualTo(12000);
        assertThat(recorded.get("b1").moved(MovementKind.RELEASE_SERVICE_FEE)).isZero();
        assertThat(sandbox.movementsPerformed()).isEqualTo(3);
    }
}
