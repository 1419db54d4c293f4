package com.safehold.infrastructure;

import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One SQS queue plus its dead-letter queue per {@link QueueDef}, both encrypted with the stack's key and
 * refusing plain-HTTP requests. The consumer reads the queue through an event source mapping that reports
 * partial batch failures, so one poisoned message is retried (and finally dead-lettered) on its own instead
 * of failing its whole batch. Producers may only send, and learn the URL from an environment variable.
 */
final class MessageQueues extends Construct {

    /** The longest SQS keeps a message: time to inspect and redrive what failed. */
    private static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    /** A queue and the dead-letter queue behind it. */
    record QueuePair(Queue queue, Queue deadLetterQueue) {}

    private final Map<QueueDef, QueuePair> queues = new LinkedHashMap<>();

    /**
     * @param namePrefix prefix of the physical queue names; FIFO queues need an explicit name ending in
     *                   {@code .fifo}, so every queue gets one, unique per stack
     */
    MessageQueues(Construct scope, String id, List<QueueDef> definitions, String namePrefix,
            LambdaFunctions functions, IKey key) {
        super(scope, id);
        for (QueueDef definition : definitions) {
            QueuePair pair = create(definition, namePrefix, key);
            queues.put(definition, pair);
            connect(definition, pair.queue(), functions);
        }
    }

    QueuePair queue(QueueDef definition) {
        QueuePair pair = queues.get(definition);
        if (pair == null) {
            throw new IllegalArgumentException("queue " + definition.name() + " is not in the catalog");
        }
        return pair;
    }

    private QueuePair create(QueueDef definition, String namePrefix, IKey key) {
        String id = ConstructNames.pascal(definition.name());
        Queue deadLetterQueue = Queue.Builder.create(this, id + "DeadLetterQueue")
                .queueName(definition.deadLetterQueueName(namePrefix))
                .fifo(fifoOrDefault(definition))
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .build();
        Queue queue = Queue.Builder.create(this, id + "Queue")
                .queueName(definition.queueName(namePrefix))
                .fifo(fifoOrDefault(definition))
                // Producers set explicit deduplication ids (e.g. the idempotency key); equal bodies of two
                // different commands must not be dropped as duplicates.
                .contentBasedDeduplication(definition.fifo() ? false : null)
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(definition.visibilityTimeoutSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(definition.maxReceiveCount())
                        .build())
                .build();
        return new QueuePair(queue, deadLetterQueue);
    }

    private static void connect(QueueDef definition, Queue queue, LambdaFunctions functions) {
        // the alias, not the function: SnapStart restores only published versions
        Alias consumer = functions.alias(definition.consumer());
        consumer.addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(definition.batchSize())
                .reportBatchItemFailures(true)
                .build()));
        for (FunctionDef producerDef : definition.producers()) {
            Function producer = functions.function(producerDef);
            queue.grantSendMessages(producer);
            producer.addEnvironment(definition.environmentVariable(), queue.getQueueUrl());
        }
    }

    /** Standard queues omit the FifoQueue property (the SQS default) instead of setting it to false. */
    private static Boolean fifoOrDefault(QueueDef definition) {
        return definition.fifo() ? Boolean.TRUE : null;
    }
}
