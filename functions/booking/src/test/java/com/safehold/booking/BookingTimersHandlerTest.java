package com.safehold.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.api.Json;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.Notifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timer sweep takes the scheduled event as EventBridge sends it (the sample event), against DynamoDB Local. */
class BookingTimersHandlerTest {

    /** Nothing is due in a fresh table, so nothing is relayed or told; the sweep needs both at init. */
    private final TestDeployment deployment = new TestDeployment() {
        @Override
        public CommandRelay commandRelay() {
            return commands -> { };
        }

        @Override
        public Notifier notifier() {
            return (recipients, notification) -> { };
        }
    };

    @Test
    void theScheduledSampleEvent_runsTheSweep_andReportsAsJson() throws Exception {
        // read with the Lambda runtime's serialization library, into the map this handler takes
        @SuppressWarnings("unchecked")
        Map<String, Object> event = EventLoader.loadEvent("../../events/timers-scheduled.json", Map.class);
        assertThat(event).containsEntry("detail-type", "Scheduled Event");

        String report = new BookingTimersHandler(deployment).handleRequest(event, null);

        assertThat(Json.MAPPER.readTree(report).isObject()).isTrue();
    }
}
