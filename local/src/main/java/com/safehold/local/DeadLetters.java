package com.safehold.local;

import com.safehold.catalog.QueueDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The catalog queues' dead-letter queues on the local platform: how many messages wait where, and the redrive
 * that sends what a dead-letter queue holds back to its queue once the cause is fixed
 * ({@code POST /local/queues/{name}/redrive}, {@code ./safehold redrive <queue>}).
 *
 * <p>In AWS the redrive is SQS's own {@code StartMessageMoveTask} (docs/deploy.md, "Dead letters"). ElasticMQ has
 * that action too, but for FIFO queues it moves nothing (1.7.1: the task completes with 0 messages moved), and
 * the escrow queue is FIFO; so the local platform moves messages itself, the way the move task does: each message
 * is sent to the queue its dead-letter queue belongs to, in order, with its message group, then deleted from the
 * dead-letter queue. The deduplication id is new ({@code redrive-<dead-letter message id>}), as SQS replaces it
 * too: the original one would make SQS drop the message as a repeat within five minutes of the first send. A
 * redrive that dies between the send and the delete sends that message again next time, with the same
 * deduplication id; the consumers apply a message at most once in effect anyway (decision 0009).
 */
public final class DeadLetters {

    /** Where messages of one queue are: waiting, received and not yet deleted, and dead-lettered. */
    public record Depth(String queue, long waiting, long inFlight, long deadLettered) {}

    /** What a redrive did: messages moved back, and messages left in the dead-letter queue because sending failed. */
    public record Redriven(String queue, int moved, int left) {}

    private final SqsClient sqs;
    private final Map<String, QueueDef> byName = new LinkedHashMap<>();
    private final Map<QueueDef, String> urls;

    /** @param urls the catalog queues' URLs ({@link QueuePollers#createQueues}) */
    public DeadLetters(SqsClient sqs, Map<QueueDef, String> urls) {
        this.sqs = sqs;
        this.urls = Map.copyOf(urls);
        urls.keySet().forEach(queue -> byName.put(queue.name(), queue));
    }

    /** A catalog queue by its name ({@code escrow-commands}). */
    public Optional<QueueDef> queue(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Depth> depths() {
        List<Depth> depths = new ArrayList<>();
        for (QueueDef queue : byName.values()) {
            Map<QueueAttributeName, String> main = counts(urls.get(queue));
            Map<QueueAttributeName, String> dead = counts(deadLetterUrl(queue));
            depths.add(new Depth(queue.name(), count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                    count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                    count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            + count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        }
        return depths;
    }

    /**
     * Moves every message the queue's dead-letter queue holds back to the queue, oldest first. A message whose
     * send fails stays in the dead-letter queue (it becomes visible again after the visibility timeout below)
     * and is counted as left.
     */
    public Redriven redrive(QueueDef queue) {
        String source = deadLetterUrl(queue);
        String target = urls.get(queue);
        int moved = 0;
        int left = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(source).maxNumberOfMessages(10)
                    .visibilityTimeout(30).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return new Redriven(queue.name(), moved, left);
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Message m = batch.get(i);
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).messageBody(m.body()).messageAttributes(m.messageAttributes());
                if (queue.fifo()) {
                    entry.messageGroupId(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                            .messageDeduplicationId(deduplicationId(m.messageId()));
                }
                entries.add(entry.build());
            }
            SendMessageBatchResponse sent = sqs.sendMessageBatch(r -> r.queueUrl(target).entries(entries));
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (var ok : sent.successful()) {
                Message m = batch.get(Integer.parseInt(ok.id()));
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(ok.id()).receiptHandle(m.receiptHandle())
                        .build());
            }
            if (!deletes.isEmpty()) {
                sqs.deleteMessageBatch(r -> r.queueUrl(source).entries(deletes));
            }
            moved += deletes.size();
            left += sent.failed().size();
            if (!sent.failed().isEmpty()) {
                return new Redriven(queue.name(), moved, left); // the rest stays put until the next redrive
            }
        }
    }

    /** SQS allows 128 characters of a limited set; message ids are UUIDs. */
    static String deduplicationId(String deadLetterMessageId) {
        String id = "redrive-" + deadLetterMessageId.replaceAll("[^A-Za-z0-9_-]", "_");
        return id.length() <= 128 ? id : id.substring(0, 128);
    }

    private String deadLetterUrl(QueueDef queue) {
        return sqs.getQueueUrl(r -> r.queueName(queue.deadLetterQueueName(""))).queueUrl();
    }

    private Map<QueueAttributeName, String> counts(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        return Long.parseLong(attributes.getOrDefault(name, "0"));
    }
}
