package com.safehold.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.RecordingDeployment;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks the booking API and the timer sweep register at init (decision 0015), called as the
 * Lambda runtime calls them around a snapshot, against DynamoDB Local: one read of an item that does not
 * exist, no write to a table, no escrow command, no notification, and not a line in the log.
 */
class SnapStartHooksTest {

    @Test
    void theBookingApisHooks_readOneAbsentItem_writeNothing_andLogNothing() throws Exception {
        RecordingDeployment deployment = new RecordingDeployment();
        BookingApiHandler handler = new BookingApiHandler(deployment);

        RecordingDeployment.Observed seen = deployment.observe(() -> {
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
        });

        assertThat(seen.requests()).containsExactly("dynamodb.getItem");
        assertThat(seen.stdout()).isEmpty();
    }

    @Test
    void theTimerSweepsHooks_readOneAbsentItem_writeNothing_andLogNothing() throws Exception {
        RecordingDeployment deployment = new RecordingDeployment();
        BookingTimersHandler handler = new BookingTimersHandler(deployment);

        RecordingDeployment.Observed seen = deployment.observe(() -> {
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
        });

        assertThat(seen.requests()).containsExactly("dynamodb.getItem");
        assertThat(seen.stdout()).isEmpty();
    }
}
