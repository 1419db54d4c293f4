package com.safehold.adapters.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Fails chosen SDK calls on purpose, for tests only: an {@link ExecutionInterceptor} that a test adds to the clients
 * it builds ({@code AwsClients.Settings.withInterceptors}); nothing in production adds it. Which calls fail is
 * decided per API call (not per HTTP attempt), by an explicit {@linkplain #next plan} first and then by
 * {@linkplain #randomly seeded random rules}. Each rule draws from one random stream per operation, so the n-th
 * call of an operation gets the same fault in every run with the same seed, however often other operations were
 * called in between (how many messages one SQS poll returns, for instance, varies from run to run). Every injected fault is {@linkplain #injected() recorded}: a test that injected nothing
 * proved nothing.
 *
 * <p>A fault has a {@link Kind} (throttling, a 5xx answer, a timeout, an SQS batch with failed entries), a
 * {@link Phase} and a {@link Reach}:
 * <ul>
 *   <li>{@link Phase#BEFORE_SEND}: the attempt fails before its request leaves; the service never saw it.</li>
 *   <li>{@link Phase#AFTER_SEND}: the service received and carried out the request, then the answer is lost and
 *       replaced by the fault. This is the case that matters for exactly-once: the caller cannot tell it from
 *       the first.</li>
 *   <li>{@link Reach#ABSORBED}: only the first attempt fails; the SDK's own retry (same request, same DynamoDB
 *       {@code ClientRequestToken}) goes through, so the caller sees success, later.</li>
 *   <li>{@link Reach#SURFACED}: the caller sees the failure. 5xx and timeouts fail every attempt until the SDK
 *       gives up, for real (about 2 s of backoff for DynamoDB's 9 attempts); attempts after an AFTER_SEND first
 *       one fail before sending (the network stays down). Throttling is thrown once as the exception the SDK
 *       ends with after its last attempt, without the error code that would make it retry: sitting out nine
 *       throttled attempts takes almost a minute (measured), and handlers never look at the code.</li>
 * </ul>
 * A {@link Kind#TRANSACTION_CONFLICT} applies to {@code TransactWriteItems} only: the transaction is cancelled
 * before it is applied, once (phase and reach do not apply; see {@link Fault#transactionConflict()}).
 * A {@link Kind#PARTIAL_BATCH} applies to {@code SendMessageBatch} only and is never retried by the SDK (the
 * HTTP call succeeds): BEFORE_SEND drops some entries from the request and reports them failed (a batch of one
 * cannot drop its only entry, so it falls back to AFTER_SEND); AFTER_SEND sends every entry and reports some of
 * them failed although SQS queued them.
 *
 * <p>Thread-safe; decisions are taken in call order, so concurrent callers make a run depend on scheduling.
 */
public final class FaultInjector implements ExecutionInterceptor {

    public enum Kind { THROTTLING, SERVER_ERROR, TIMEOUT, PARTIAL_BATCH, TRANSACTION_CONFLICT }

    public enum Phase { BEFORE_SEND, AFTER_SEND }

    public enum Reach { ABSORBED, SURFACED }

    /** What to inject into one call. */
    public record Fault(Kind kind, Phase phase, Reach reach) {

        public static Fault of(Kind kind, Phase phase, Reach reach) {
            return new Fault(kind, phase, reach);
        }

        /** An SQS batch with failed entries ({@code reach} does not apply: the SDK never retries it). */
        public static Fault partialBatch(Phase phase) {
            return new Fault(Kind.PARTIAL_BATCH, phase, Reach.SURFACED);
        }

        /**
         * A {@code TransactWriteItems} cancelled because another transaction was writing one of its items at the
         * same moment ({@code TransactionCanceledException}, reason {@code TransactionConflict} on its first item):
         * nothing was written, and the SDK does not retry it. Applies to {@code TransactWriteItems} only.
         */
        public static Fault transactionConflict() {
            return new Fault(Kind.TRANSACTION_CONFLICT, Phase.BEFORE_SEND, Reach.SURFACED);
        }

        /** Every kind except partial batches and transaction conflicts, in both phases and both reaches. */
        public static List<Fault> allCallFaults() {
            List<Fault> all = new ArrayList<>();
            for (Kind kind : List.of(Kind.THROTTLING, Kind.SERVER_ERROR, Kind.TIMEOUT)) {
                for (Phase phase : Phase.values()) {
                    for (Reach reach : Reach.values()) {
                        all.add(new Fault(kind, phase, reach));
                    }
                }
            }
            return List.copyOf(all);
        }
    }

    /**
     * Which calls a rule applies to: the service as the deployment names it ({@code dynamodb}, {@code sqs},
     * {@code kms}, {@code sns}), the operation ({@code TransactWriteItems}) and, optionally, the table a DynamoDB
     * request names ({@code TableName}; a transaction names none); {@code *} matches any.
     */
    public record Target(String service, String operation, String table) {

        public static Target of(String service, String operation) {
            return new Target(service, operation, "*");
        }

        public static Target anyOf(String service) {
            return new Target(service, "*", "*");
        }

        /** This target, on one table only. */
        public Target onTable(String tableName) {
            return new Target(service, operation, tableName);
        }

        boolean matches(String callService, String callOperation, String callTable) {
            return ("*".equals(service) || service.equalsIgnoreCase(callService))
                    && ("*".equals(operation) || operation.equals(callOperation))
                    && ("*".equals(table) || table.equals(callTable));
        }

        @Override
        public String toString() {
            return service + "." + operation + ("*".equals(table) ? "" : "(" + table + ")");
        }
    }

    /** One injected fault: the how-manieth call this injector saw, where, what, and on which attempt. */
    public record Injected(long call, String service, String operation, Kind kind, Phase phase, Reach reach,
            int attempt) {

        @Override
        public String toString() {
            return "#" + call + " " + service + "." + operation + " " + kind + "/" + phase + "/" + reach
                    + " (attempt " + attempt + ")";
        }
    }

    private record Rule(int number, Target target, double rate, List<Fault> choices) {}

    private static final class Planned {
        final Target target;
        final Fault fault;
        int remaining;

        Planned(Target target, Fault fault, int remaining) {
            this.target = target;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    /** What was decided for one API call, and how far it got. */
    private static final class Decision {
        final long call;
        final String service;
        final String operation;
        final Fault fault;
        final AtomicInteger attempts = new AtomicInteger();
        /** The partial batch's phase after a batch of one fell back to AFTER_SEND. */
        Phase batchPhase;
        final Set<String> dropped = new HashSet<>();

        Decision(long call, String service, String operation, Fault fault) {
            this.call = call;
            this.service = service;
            this.operation = operation;
            this.fault = fault;
        }
    }

    private static final ExecutionAttribute<Decision> DECISION = new ExecutionAttribute<>("safehold.fault");

    private final long seed;
    /** One random stream per rule and operation: how often one operation is called does not move another's faults. */
    private final Map<String, Random> streams = new HashMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Deque<Planned> plan = new ArrayDeque<>();
    private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());
    private long calls;
    private volatile boolean on = true;

    /** An injector that fails nothing until given rules or a plan; {@code seed} drives its random rules. */
    public FaultInjector(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Each call on {@code target} fails with probability {@code rate}, with one of {@code choices} (uniform). */
    public synchronized FaultInjector randomly(Target target, double rate, List<Fault> choices) {
        if (rate < 0 || rate > 1 || choices.isEmpty()) {
            throw new IllegalArgumentException("a rate in 0..1 and at least one fault");
        }
        rules.add(new Rule(rules.size(), target, rate, List.copyOf(choices)));
        return this;
    }

    /** The next call on {@code target} fails with {@code fault}; plans run in the order given, before any rule. */
    public FaultInjector next(Target target, Fault fault) {
        return next(target, 1, fault);
    }

    /** The next {@code times} calls on {@code target} fail with {@code fault}. */
    public synchronized FaultInjector next(Target target, int times, Fault fault) {
        plan.add(new Planned(target, fault, times));
        return this;
    }

    /** Faults are injected (the default). */
    public void on() {
        on = true;
    }

    /** No new call gets a fault (a call already decided finishes as decided); the plan and rules are kept. */
    public void off() {
        on = false;
    }

    /** Forgets the random rules, their streams' positions and whatever of the plan is left. */
    public synchronized void clear() {
        rules.clear();
        streams.clear();
        plan.clear();
    }

    /** Whether any planned fault is still waiting for its call. */
    public synchronized boolean planPending() {
        return plan.stream().anyMatch(p -> p.remaining > 0);
    }

    /** Every fault injected so far, in order. */
    public List<Injected> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    public long count(Predicate<Injected> which) {
        return injected().stream().filter(which).count();
    }

    /** How many API calls got a fault (a surfaced fault fails several attempts of one call). */
    public long faultedCalls() {
        return injected().stream().mapToLong(Injected::call).distinct().count();
    }

    /** Forgets what was injected (the record only). */
    public void forget() {
        injected.clear();
    }

    // ---- the hooks -------------------------------------------------------------------------------------------

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = service(attributes);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String table = context.request().getValueForField("TableName", String.class).orElse(null);
        Decision decision = decide(service, operation, table);
        if (decision != null) {
            attributes.putAttribute(DECISION, decision);
        }
    }

    private synchronized Decision decide(String service, String operation, String table) {
        long call = ++calls;
        if (!on) {
            return null;
        }
        for (Planned planned : plan) {
            if (planned.remaining > 0 && planned.target.matches(service, operation, table)
                    && applicable(planned.fault, operation)) {
                planned.remaining--;
                return new Decision(call, service, operation, planned.fault);
            }
        }
        plan.removeIf(p -> p.remaining <= 0);
        for (Rule rule : rules) {
            if (rule.target.matches(service, operation, table)) {
                Random random = stream(rule.number + "|" + service + "." + operation);
                double draw = random.nextDouble();
                Fault choice = rule.choices.get(random.nextInt(rule.choices.size()));
                if (draw < rule.rate && applicable(choice, operation)) {
                    return new Decision(call, service, operation, choice);
                }
            }
        }
        return null;
    }

    private Random stream(String name) {
        return streams.computeIfAbsent(name, n -> new Random(seed * 1_000_003L + n.hashCode()));
    }

    private static boolean applicable(Fault fault, String operation) {
        return switch (fault.kind()) {
            case PARTIAL_BATCH -> "SendMessageBatch".equals(operation);
            case TRANSACTION_CONFLICT -> "TransactWriteItems".equals(operation);
            default -> true;
        };
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        Decision decision = attributes.getAttribute(DECISION);
        if (decision == null || decision.fault.kind() != Kind.PARTIAL_BATCH
                || !(context.request() instanceof SendMessageBatchRequest batch)) {
            return context.request();
        }
        List<SendMessageBatchRequestEntry> entries = batch.entries();
        if (decision.fault.phase() == Phase.AFTER_SEND || entries.size() < 2) {
            decision.batchPhase = Phase.AFTER_SEND;
            return context.request();
        }
        decision.batchPhase = Phase.BEFORE_SEND;
        int drop;
        synchronized (this) {
            drop = 1 + stream("batch|" + decision.operation).nextInt(entries.size() - 1); // an empty batch is refused
        }
        List<SendMessageBatchRequestEntry> kept = new ArrayList<>(entries);
        for (int i = 0; i < drop; i++) {
            decision.dropped.add(kept.removeLast().id());
        }
        return batch.toBuilder().entries(kept).build();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Decision decision = attributes.getAttribute(DECISION);
        if (decision == null || decision.fault.kind() == Kind.PARTIAL_BATCH) {
            return;
        }
        int attempt = decision.attempts.incrementAndGet();
        Fault fault = decision.fault;
        if (fault.kind() == Kind.TRANSACTION_CONFLICT) {
            if (attempt == 1) { // DynamoDB cancelled it and wrote nothing; the SDK does not retry a cancellation
                record(decision, Phase.BEFORE_SEND, attempt);
                int items = context.request() instanceof TransactWriteItemsRequest tx ? tx.transactItems().size() : 1;
                throw transactionConflict(items);
            }
            return;
        }
        boolean fails = fault.phase() == Phase.BEFORE_SEND
                ? attempt == 1 || fault.reach() == Reach.SURFACED
                : attempt > 1 && fault.reach() == Reach.SURFACED;
        if (fails) {
            throw inject(decision, Phase.BEFORE_SEND, attempt);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Decision decision = attributes.getAttribute(DECISION);
        if (decision == null || decision.fault.kind() == Kind.PARTIAL_BATCH
                || decision.fault.phase() != Phase.AFTER_SEND || decision.attempts.get() != 1) {
            return;
        }
        drain(context.responseBody());
        throw inject(decision, Phase.AFTER_SEND, 1);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Decision decision = attributes.getAttribute(DECISION);
        if (decision == null || decision.fault.kind() != Kind.PARTIAL_BATCH
                || !(context.response() instanceof SendMessageBatchResponse response)) {
            return context.response();
        }
        List<SendMessageBatchResultEntry> successful = new ArrayList<>(response.successful());
        List<BatchResultErrorEntry> failed = new ArrayList<>(response.failed());
        Set<String> failing = new HashSet<>(decision.dropped);
        if (decision.batchPhase == Phase.AFTER_SEND && !successful.isEmpty()) {
            int lose;
            synchronized (this) {
                lose = 1 + stream("batch|" + decision.operation).nextInt(successful.size());
            }
            for (int i = 0; i < lose; i++) {
                failing.add(successful.removeLast().id());
            }
        }
        for (String id : failing) {
            failed.add(BatchResultErrorEntry.builder().id(id).senderFault(false).code("InternalError")
                    .message("injected: the entry was not accepted").build());
        }
        record(decision, decision.batchPhase, 1);
        return response.toBuilder().successful(successful).failed(failed).build();
    }

    // ---- what a fault looks like -----------------------------------------------------------------------------

    private RuntimeException inject(Decision decision, Phase phase, int attempt) {
        record(decision, phase, attempt);
        Fault fault = decision.fault;
        boolean finalThrottle = fault.kind() == Kind.THROTTLING && fault.reach() == Reach.SURFACED;
        return switch (fault.kind()) {
            case THROTTLING -> throttling(decision.service, finalThrottle);
            case SERVER_ERROR -> serverError(decision.service);
            case TIMEOUT -> SdkClientException.builder()
                    .message("Unable to execute HTTP request: Read timed out (injected)")
                    .cause(new SocketTimeoutException("Read timed out")).build();
            case PARTIAL_BATCH, TRANSACTION_CONFLICT -> throw new IllegalStateException(fault.kind() + " is not thrown here");
        };
    }

    private void record(Decision decision, Phase phase, int attempt) {
        injected.add(new Injected(decision.call, decision.service, decision.operation, decision.fault.kind(), phase,
                decision.fault.reach(), attempt));
    }

    /**
     * The service's throttling error. {@code exhausted}: as the caller gets it after the last attempt, without the
     * error code, so the SDK does not retry it again (see the class comment).
     */
    private static RuntimeException throttling(String service, boolean exhausted) {
        String code = switch (service) {
            case "dynamodb" -> "ProvisionedThroughputExceededException";
            case "sqs" -> "RequestThrottled";
            case "sns" -> "Throttling";
            default -> "ThrottlingException";
        };
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(exhausted ? null : code)
                .errorMessage("Rate exceeded (injected)").serviceName(service).build();
        AwsServiceException.Builder builder = switch (service) {
            case "dynamodb" -> ProvisionedThroughputExceededException.builder();
            case "sqs" -> SqsException.builder();
            case "kms" -> KmsException.builder();
            case "sns" -> SnsException.builder();
            default -> AwsServiceException.builder();
        };
        return builder.statusCode(400).message("Rate exceeded (injected)").awsErrorDetails(details).build();
    }

    /** DynamoDB's answer to a transaction that conflicted on its first item: one reason per item. */
    private static RuntimeException transactionConflict(int items) {
        List<CancellationReason> reasons = new ArrayList<>();
        reasons.add(CancellationReason.builder().code("TransactionConflict")
                .message("Transaction is ongoing for the item (injected)").build());
        for (int i = 1; i < items; i++) {
            reasons.add(CancellationReason.builder().code("None").build());
        }
        String message = "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + reasons.stream().map(CancellationReason::code).toList() + " (injected)";
        return TransactionCanceledException.builder().statusCode(400).message(message).cancellationReasons(reasons)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                        .errorMessage(message).serviceName("dynamodb").build())
                .build();
    }

    private static RuntimeException serverError(String service) {
        String code = switch (service) {
            case "dynamodb" -> "InternalServerError";
            case "kms" -> "KMSInternalException";
            default -> "InternalError";
        };
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code)
                .errorMessage("We encountered an internal error (injected)").serviceName(service).build();
        AwsServiceException.Builder builder = switch (service) {
            case "dynamodb" -> InternalServerErrorException.builder();
            case "sqs" -> SqsException.builder();
            case "kms" -> KmsInternalException.builder();
            case "sns" -> SnsException.builder();
            default -> AwsServiceException.builder();
        };
        return builder.statusCode(500).message("We encountered an internal error (injected)").awsErrorDetails(details)
                .build();
    }

    /** The SDK's service name as the deployment names the service ({@code DynamoDb} is {@code dynamodb}). */
    private static String service(ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return name == null ? "unknown" : name.toLowerCase(Locale.ROOT);
    }

    /** Reads and closes a response body we are about to discard, so its connection can be reused. */
    private static void drain(Optional<InputStream> body) {
        body.ifPresent(in -> {
            try (in) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the answer is being thrown away anyway
            }
        });
    }
}
