package com.safehold.adapters.sqs;

import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.EscrowCommand;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends escrow commands to the FIFO queue: the booking is the message group (one booking's money moves in
 * order), the command id the deduplication id (a relay repeated within five minutes is dropped by SQS; later
 * ones by the worker). One {@code SendMessageBatch} per ten commands.
 */
public final class SqsCommandRelay implements CommandRelay {

    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsCommandRelay(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(List<EscrowCommand> commands) {
        for (int from = 0; from < commands.size(); from += BATCH) {
            List<EscrowCommand> chunk = commands.subList(from, Math.min(from + BATCH, commands.size()));
            List<SendMessageBatchRequestEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                EscrowCommand command = chunk.get(i);
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(EscrowCommandMessages.write(command))
                        .messageGroupId(command.bookingId())
                        .messageDeduplicationId(deduplicationId(command.commandId()))
                        .build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                // the booking's outbox keeps them; the timer sweep relays them again
                throw new IllegalStateException(response.failed().size() + " escrow commands were not accepted by SQS");
            }
        }
    }

    /** SQS allows 128 characters from a limited set; command ids are {@code bkg_<hex>:<step>}. */
    static String deduplicationId(String commandId) {
        return commandId.replaceAll("[^A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]", "_");
    }
}
