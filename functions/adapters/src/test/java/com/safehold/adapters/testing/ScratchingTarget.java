package com.safehold.adapters.testing;

import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.TableDef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What every target does alike: the resources a test owns ({@link #scratchTable}, {@link #newQueue}), named
 * {@code <prefix>ct-<run>-<purpose>} so that what a killed run leaves behind is recognisable, and removed at the
 * end of the run where {@link #removesScratchResources()}.
 */
abstract class ScratchingTarget implements ContractTarget, AutoCloseable {

    private static final Duration TABLE_CREATION = Duration.ofMinutes(5);

    private final String run = "%08x".formatted(ThreadLocalRandom.current().nextInt());
    private final AtomicInteger queues = new AtomicInteger();
    private final Map<String, String> scratchTables = new HashMap<>();
    private final List<String> scratchQueueUrls = new ArrayList<>();

    /** Put before every scratch name ({@code SafeholdTest-} on AWS); letters, digits and hyphens, at most 30. */
    protected abstract String scratchPrefix();

    /** Whether {@link #close()} deletes the scratch tables and queues: not for emulators that die with the JVM. */
    protected abstract boolean removesScratchResources();

    /** Closes the clients and whatever else the target started. */
    protected abstract void closeTarget();

    @Override
    public String scratchName(String purpose) {
        String name = scratchPrefix() + "ct-" + run + "-" + purpose;
        if (!name.matches("[A-Za-z0-9-]{1,60}")) {
            throw new IllegalArgumentException("not a scratch name: " + name);
        }
        return name;
    }

    @Override
    public synchronized String scratchTable(TableDef schema, String purpose) {
        String existing = scratchTables.get(purpose);
        if (existing != null) {
            return existing;
        }
        String name = scratchName(purpose);
        TableProvisioner.create(dynamoDb(), schema, name);
        awaitActive(name);
        scratchTables.put(purpose, name);
        return name;
    }

    /** Real DynamoDB creates tables (and their indexes) in the background; the emulators are done at once. */
    private void awaitActive(String table) {
        Instant deadline = Instant.now().plus(TABLE_CREATION);
        while (true) {
            TableDescription description = dynamoDb().describeTable(r -> r.tableName(table)).table();
            boolean indexesActive = description.globalSecondaryIndexes().stream()
                    .map(GlobalSecondaryIndexDescription::indexStatus).allMatch(IndexStatus.ACTIVE::equals);
            if (description.tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("table " + table + " is not active after " + TABLE_CREATION);
            }
            pause(Duration.ofSeconds(1));
        }
    }

    @Override
    public String newQueue(QueueDef queue) {
        String prefix = scratchName("q" + queues.incrementAndGet()) + "-";
        Map<QueueAttributeName, String> fifo = queue.fifo()
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
        String deadLetterUrl = sqs().createQueue(r -> r.queueName(queue.deadLetterQueueName(prefix))
                .attributes(fifo)).queueUrl();
        remember(deadLetterUrl);
        String deadLetterArn = sqs().getQueueAttributes(r -> r.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new HashMap<>(fifo);
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
        if (queue.fifo()) {
            // as the CDK app: producers give explicit deduplication ids
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
        }
        String url = sqs().createQueue(r -> r.queueName(queue.queueName(prefix)).attributes(attributes)).queueUrl();
        remember(url);
        return url;
    }

    private synchronized void remember(String queueUrl) {
        scratchQueueUrls.add(queueUrl);
    }

    @Override
    public final synchronized void close() {
        if (removesScratchResources()) {
            List<String> left = new ArrayList<>();
            for (String url : scratchQueueUrls) {
                try {
                    sqs().deleteQueue(r -> r.queueUrl(url));
                } catch (RuntimeException e) {
                    left.add("queue " + url + " (" + e.getMessage() + ")");
                }
            }
            for (String table : scratchTables.values()) {
                try {
                    dynamoDb().deleteTable(r -> r.tableName(table));
                } catch (RuntimeException e) {
                    left.add("table " + table + " (" + e.getMessage() + ")");
                }
            }
            if (!left.isEmpty()) {
                System.err.println("[contract tests] could not remove, please delete by hand: " + String.join(", ", left));
            }
        }
        closeTarget();
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
