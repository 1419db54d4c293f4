package com.safehold.adapters.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTarget.Service;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.adapters.testing.Received;
import com.safehold.catalog.Queues;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.escrow.MovementKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The escrow relay against a FIFO queue made like the catalog's {@code escrow-commands}. */
@ContractTest(Service.SQS)
class SqsCommandRelayContractTest {

    private final SqsClient sqs;
    private final String queueUrl;
    private final SqsCommandRelay relay;

    SqsCommandRelayContractTest(ContractTarget target) {
        sqs = target.sqs();
        queueUrl = target.newQueue(Queues.ESCROW_COMMANDS);
        relay = new SqsCommandRelay(sqs, queueUrl);
    }

    private static String booking() {
        return "bkg_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void twelveCommandsOfTwoBookings_inTwoBatches_arriveInEachBookingsOrder_groupedByBookingAndKeyedByCommand() {
        String first = booking();
        String second = booking();
        List<EscrowCommand> commands = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            commands.add(EscrowCommand.of(i % 2 == 0 ? first : second, "step" + i, MovementKind.HOLD, 100 + i));
        }

        relay.send(commands);

        List<Message> received = Received.exactly(sqs, queueUrl, 12);
        List<EscrowCommand> read = received.stream().map(m -> EscrowCommandMessages.read(m.body())).toList();
        assertThat(read).containsExactlyInAnyOrderElementsOf(commands);
        for (String booking : List.of(first, second)) {
            assertThat(read.stream().filter(c -> c.bookingId().equals(booking)).toList())
                    .as("the order of booking %s's commands", booking)
                    .isEqualTo(commands.stream().filter(c -> c.bookingId().equals(booking)).toList());
        }
        for (Message message : received) {
            EscrowCommand command = EscrowCommandMessages.read(message.body());
            assertThat(message.attributes())
                    .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, command.bookingId())
                    .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID,
                            SqsCommandRelay.deduplicationId(command.commandId()));
        }
    }

    @Test
    void aCommandRelayedAgain_isDeliveredOnce() {
        EscrowCommand command = EscrowCommand.of(booking(), "hold", MovementKind.HOLD, 12000);

        relay.send(List.of(command));
        relay.send(List.of(command)); // the timer sweep relaying it again

        assertThat(Received.exactly(sqs, queueUrl, 1)).extracting(m -> EscrowCommandMessages.read(m.body()))
                .containsExactly(command);
        assertThat(Received.within(sqs, queueUrl, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aCommandIdOutsideTheDeduplicationIdAlphabet_isAccepted_andTheBodyKeepsIt() {
        String booking = booking();
        EscrowCommand command = new EscrowCommand(booking + ":refund über 10 €", booking, MovementKind.REFUND, 1000);

        relay.send(List.of(command));

        Message message = Received.exactly(sqs, queueUrl, 1).getFirst();
        assertThat(EscrowCommandMessages.read(message.body())).isEqualTo(command);
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(booking + ":refund__ber_10__");
    }
}
