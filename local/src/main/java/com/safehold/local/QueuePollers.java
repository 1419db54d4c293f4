package com.safehold.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.safehold.catalog.QueueDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Plays Lambda's SQS event source mapping: long-polls each catalog queue, hands batches to the consumer
 * handler as the same {@link SQSEvent} Lambda builds, and honours {@code batchItemFailures}
 * (ReportBatchItemFailures): reported messages stay on the queue and come back after the visibility
 * timeout, everything else is deleted; a handler that throws fails the whole batch. Redelivery past
 * {@code maxReceiveCount} moves a message to its dead-letter queue (ElasticMQ's redrive policy).
 */
public final class QueuePollers implements AutoCloseable {

    private final SqsClient sqs;
    private final Handlers handlers;
    private final Map<QueueDef, String> urls;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;

    QueuePollers(SqsClient sqs, Handlers handlers, Map<QueueDef, String> urls) {
        this.sqs = sqs;
        this.handlers = handlers;
        this.urls = Map.copyOf(urls);
    }

    /** Creates each queue and its dead-letter queue; returns queue URLs. */
    public static Map<QueueDef, String> createQueues(SqsClient sqs, List<QueueDef> queues) {
        Map<QueueDef, String> urls = new HashMap<>();
        for (QueueDef queue : queues) {
            Map<QueueAttributeName, String> dlqAttributes = new HashMap<>();
            if (queue.fifo()) {
                dlqAttributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            String dlqUrl = sqs.createQueue(r -> r.queueName(queue.deadLetterQueueName(""))
                    .attributes(dlqAttributes)).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            Map<QueueAttributeName, String> attributes = new HashMap<>(dlqAttributes);
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                    + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
            urls.put(queue, sqs.createQueue(r -> r.queueName(queue.queueName("")).attributes(attributes)).queueUrl());
        }
        return urls;
    }

    void start() {
        urls.forEach((queue, url) -> threads.submit(() -> poll(queue, url)));
    }

    private void poll(QueueDef queue, String url) {
        while (running) {
            try {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url)
                        .maxNumberOfMessages(Math.min(10, queue.batchSize()))
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!batch.isEmpty()) {
                    deliver(queue, url, batch);
                }
            } catch (RuntimeException e) {
                if (running) {
                    sleepQuietly(200); // broker restarting or stopping: poll again shortly
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(QueueDef queue, String url, List<Message> batch) {
        SQSEvent event = toEvent(queue, batch);
        Set<String> failed = new HashSet<>();
        try {
            var handler = handlers.of(queue.consumer(), RequestHandler.class);
            SQSBatchResponse response = (SQSBatchResponse) handler.handleRequest(event,
                    new LocalLambdaContext(queue.consumer(), UUID.randomUUID().toString()));
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException wholeBatchFailed) {
            return; // as in Lambda: nothing is deleted, every message comes back
        }
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** The event Lambda's event source mapping would hand the consumer for these received messages. */
    public static SQSEvent toEvent(QueueDef queue, List<Message> batch) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            record.setMessageAttributes(Map.of());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn("arn:aws:sqs:eu-central-1:000000000000:" + queue.queueName(""));
            record.setAwsRegion("eu-central-1");
            records.add(record);
        }
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        running = false;
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS); // a poll in flight ends within its 1 s wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
