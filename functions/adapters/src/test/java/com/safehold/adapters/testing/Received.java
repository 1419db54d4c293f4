package com.safehold.adapters.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Reading a queue in a contract test: every message is deleted once received, as a consumer would. */
public final class Received {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Received() {}

    /** The next {@code n} messages, in the order received (per message group, for FIFO queues); fails after 30 s. */
    public static List<Message> exactly(SqsClient sqs, String queueUrl, int n) {
        List<Message> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (received.size() < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("received " + received.size() + " of " + n + " messages within " + PATIENCE);
            }
            received.addAll(receive(sqs, queueUrl, Math.min(10, n - received.size()), 1));
        }
        return received;
    }

    /** The first message matching {@code wanted}, skipping others (a deployed topic may carry real traffic). */
    public static Message first(SqsClient sqs, String queueUrl, Predicate<Message> wanted) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (Message message : receive(sqs, queueUrl, 10, 1)) {
                if (wanted.test(message)) {
                    return message;
                }
            }
        }
        throw new AssertionError("no matching message within " + PATIENCE);
    }

    /** Whatever arrives within {@code wait}: for checking that nothing does. */
    public static List<Message> within(SqsClient sqs, String queueUrl, Duration wait) {
        List<Message> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            received.addAll(receive(sqs, queueUrl, 10, 1));
        }
        return received;
    }

    private static List<Message> receive(SqsClient sqs, String queueUrl, int max, int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        for (Message message : messages) {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return messages;
    }
}
