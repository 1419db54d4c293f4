package com.safehold.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Every AWS SDK request the handlers make, attributed to the invocation running on the calling thread (the
 * clients are synchronous, so a request runs on its handler's thread): service, operation, time spent in the
 * SDK and, for DynamoDB, the capacity it consumed. It asks DynamoDB for that capacity by adding
 * {@code ReturnConsumedCapacity=TOTAL} to each request, which changes nothing else.
 */
final class Meter implements ExecutionInterceptor {

    /** One SDK request: what it was, which invocation made it, how long it took, what capacity it used. */
    record Call(String invocation, String service, String operation, long nanos, double capacityUnits,
            Map<String, Double> capacityByTarget, boolean failed) {}

    /** One handler invocation: its label (route key, queue or schedule), its duration and its SDK share. */
    record Invocation(String label, long nanos, long sdkNanos) {}

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("safehold.bench.started");
    private final ThreadLocal<Open> current = new ThreadLocal<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Invocation> invocations = new ArrayList<>();

    private static final class Open {
        final String label;
        long sdkNanos;

        Open(String label) {
            this.label = label;
        }
    }

    /** Runs one invocation on this thread, attributing its SDK requests to {@code label}. */
    <T> T invoke(String label, java.util.function.Supplier<T> invocation) {
        Open open = new Open(label);
        current.set(open);
        long started = System.nanoTime();
        try {
            return invocation.get();
        } finally {
            long nanos = System.nanoTime() - started;
            current.remove();
            synchronized (this) {
                invocations.add(new Invocation(label, nanos, open.sdkNanos));
            }
        }
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    synchronized void reset() {
        calls.clear();
        invocations.clear();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        return switch (r) {
            case GetItemRequest g -> g.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest p -> p.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest u -> u.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest d -> d.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest q -> q.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest s -> s.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest b -> b.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest b -> b.toBuilder().returnConsumedCapacity(total).build();
            case TransactGetItemsRequest t -> t.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest t -> t.toBuilder().returnConsumedCapacity(total).build();
            default -> r;
        };
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Map<String, Double> byTarget = new TreeMap<>();
        consumed(context.response()).forEach(c -> byTarget(c, byTarget));
        record(attributes, byTarget, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // A failed conditional write still consumes capacity, but the SDK does not hand it back with the
        // exception: counted as a request, its capacity as zero (docs/benchmarks.md says so).
        record(attributes, Map.of(), true);
    }

    private void record(ExecutionAttributes attributes, Map<String, Double> capacity, boolean failed) {
        long nanos = System.nanoTime() - attributes.getAttribute(STARTED);
        Open open = current.get();
        if (open != null) {
            open.sdkNanos += nanos;
        }
        Call call = new Call(open == null ? "(outside any invocation)" : open.label,
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), nanos,
                capacity.values().stream().mapToDouble(Double::doubleValue).sum(), capacity, failed);
        synchronized (this) {
            calls.add(call);
        }
    }

    /** The capacity parts of a DynamoDB answer: one {@code ConsumedCapacity}, or a list for batches and transactions. */
    private static List<ConsumedCapacity> consumed(Object response) {
        if (!(response instanceof SdkPojo pojo)) {
            return List.of();
        }
        Optional<Object> value = pojo.sdkFields().stream().filter(f -> f.memberName().equals("ConsumedCapacity"))
                .findFirst().map(f -> f.getValueOrDefault(pojo));
        return value.map(v -> switch (v) {
            case ConsumedCapacity c -> List.of(c);
            case List<?> list -> list.stream().map(ConsumedCapacity.class::cast).toList();
            default -> List.<ConsumedCapacity>of();
        }).orElse(List.of());
    }

    /** Splits what one table consumed into the table itself and each of its indexes ({@code table/index}). */
    private static void byTarget(ConsumedCapacity c, Map<String, Double> into) {
        double indexes = 0;
        if (c.globalSecondaryIndexes() != null) {
            for (var e : c.globalSecondaryIndexes().entrySet()) {
                double units = e.getValue().capacityUnits() == null ? 0 : e.getValue().capacityUnits();
                into.merge(c.tableName() + "/" + e.getKey(), units, Double::sum);
                indexes += units;
            }
        }
        double table = c.table() != null && c.table().capacityUnits() != null ? c.table().capacityUnits()
                : (c.capacityUnits() == null ? 0 : c.capacityUnits()) - indexes;
        into.merge(c.tableName(), table, Double::sum);
    }
}
