package com.safehold.escrow;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.adapters.sqs.EscrowCommandMessages;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.escrow.PaymentProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's batch contract with SQS: what it reports failed comes back, and in the end goes to the DLQ. */
class EscrowWorkerHandlerTest {

    private final EscrowWorkerHandler handler = new EscrowWorkerHandler(new TestDeployment() {
        @Override
        public PaymentProvider paymentProvider() {
            return new SandboxPaymentProvider();
        }

        @Override
        public Notifier notifier() {
            return (recipients, notification) -> { };
        }
    });

    private static SQSEvent.SQSMessage message(String id, String body, String group) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setAttributes(Map.of("MessageGroupId", group));
        return message;
    }

    @Test
    void aMalformedMessage_isReportedFailed_soItEndsInTheDeadLetterQueue_andBlocksNoOtherCommand() {
        SQSEvent event = new SQSEvent();
        String unknownBooking = EscrowCommandMessages.write(
                EscrowCommand.of("bkg_nobody", "hold", MovementKind.HOLD, 100));
        event.setRecords(List.of(message("m-1", "{\"not\":\"a command\"", "bkg_x"),
                message("m-2", unknownBooking, "bkg_x")));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1");
    }
}
