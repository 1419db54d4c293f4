package com.safehold.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One SQS queue, the function that consumes it and the functions that send to it. Every queue gets a
 * dead-letter queue after {@link #maxReceiveCount()} receives; FIFO queues keep order per message group.
 */
public record QueueDef(
        String name,
        boolean fifo,
        FunctionDef consumer,
        List<FunctionDef> producers,
        int batchSize,
        int maxReceiveCount,
        int visibilityTimeoutSeconds) {

    public QueueDef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(consumer);
        producers = List.copyOf(producers);
        if (visibilityTimeoutSeconds < consumer.timeoutSeconds()) {
            throw new IllegalArgumentException("visibility timeout of " + name
                    + " must be at least its consumer's timeout, or messages are redelivered while in flight");
        }
    }

    /** Physical queue name suffix; FIFO queue names must end in {@code .fifo}. */
    public String queueName(String prefix) {
        return prefix + name + (fifo ? ".fifo" : "");
    }

    public String deadLetterQueueName(String prefix) {
        return prefix + name + "-dlq" + (fifo ? ".fifo" : "");
    }

    /** Environment variable that carries the queue URL to the functions that send to it. */
    public String environmentVariable() {
        return "SAFEHOLD_QUEUE_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
