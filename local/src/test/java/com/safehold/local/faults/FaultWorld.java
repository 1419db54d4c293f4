package com.safehold.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbPurgeStore;
import com.safehold.adapters.dynamodb.DynamoDbSafetyStore;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.adapters.testing.FaultInjector;
import com.safehold.api.Json;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Functions;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.Queues;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.common.UserId;
import com.safehold.domain.escrow.Ledger;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import com.safehold.local.DeadLetters;
import com.safehold.local.LocalClock;
import com.safehold.local.LocalDynamoDb;
import com.safehold.local.LocalSqs;
import com.safehold.local.QueuePollers;
import com.safehold.local.bench.FakeAws;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

/**
 * The functions of Safehold in this JVM, each with the Lambda wiring it has in AWS ({@link AwsDeployment}: its own
 * SDK clients, key cache and sandbox) against DynamoDB Local, ElasticMQ and {@link FakeAws} (KMS, SNS), every SDK
 * client carrying one {@link FaultInjector}; and around them the parts of AWS that retry, played the way AWS
 * plays them:
 * <ul>
 *   <li>an API client that repeats a request answered 5xx with the same {@code Idempotency-Key}, waits out
 *       {@code idempotency_request_in_progress}, and checks that every 5xx is an RFC 9457 problem;</li>
 *   <li>the escrow queue's event source mapping: receive, invoke, delete what succeeded, and let the visibility
 *       timeout pass for what failed (its own SQS calls can fail too: a lost delete means a second delivery);</li>
 *   <li>EventBridge: the timer sweep every minute and the daily purge, run again when an invocation fails.</li>
 * </ul>
 * The escrow function's payment provider is the sandbox behind {@link Payments}, which records what was really
 * moved and can be taken down (an outage). An unfaulted auditor reads the tables for the checks.
 */
final class FaultWorld implements AutoCloseable {

    /** A caller as the JWT authorizer passes it on. */
    record Who(UserId id, String groups) {}

    /** One HTTP answer as the client saw it. */
    record Reply(int status, String code, JsonNode body, int attempts) {}

    /** What the retrying parts of the world had to absorb, for the report. */
    static final class Weather {
        int serverErrors;
        int inProgressWaits;
        int failedSweeps;
        int failedPurges;
        int failedDeliveries;
        int lostDeletes;
        int failedPolls;

        @Override
        public String toString() {
            return "5xx answers retried " + serverErrors + ", in-progress waits " + inProgressWaits
                    + ", failed sweeps " + failedSweeps + ", failed purges " + failedPurges
                    + ", messages redelivered after a failure " + failedDeliveries + ", lost deletes " + lostDeletes
                    + ", failed polls " + failedPolls;
        }
    }

    final FaultInjector faults;
    final LocalClock clock = new LocalClock();
    final Payments payments = new Payments();
    final Weather weather = new Weather();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final LocalDynamoDb dynamo;
    private final LocalSqs sqsServer;
    private final FakeAws fakeAws;
    final DynamoDbClient admin;
    final SqsClient adminSqs;
    private final SqsClient eventSource;
    final Map<QueueDef, String> queueUrls;
    final DeadLetters deadLetters;
    private final Map<FunctionDef, Object> handlers = new LinkedHashMap<>();
    final DynamoDbBookingStore audit;
    final DynamoDbSafetyStore auditSafety;
    final DynamoDbPurgeStore auditPurge;
    private final DynamoDbProfileDirectory profiles;

    FaultWorld(long seed) throws Exception {
        faults = new FaultInjector(seed);
        try {
            dynamo = track(LocalDynamoDb.start(0));
            admin = track(AwsClients.dynamoDb(AwsClients.local(dynamo.endpoint())));
            for (TableDef t : Tables.ALL) {
                TableProvisioner.create(admin, t, t.name());
            }
            sqsServer = track(LocalSqs.start(0));
            adminSqs = track(AwsClients.sqs(AwsClients.local(sqsServer.endpoint())));
            queueUrls = QueuePollers.createQueues(adminSqs, Catalog.safehold().queues());
            deadLetters = new DeadLetters(adminSqs, queueUrls);
            fakeAws = track(FakeAws.start());
            eventSource = track(AwsClients.sqs(AwsClients.local(sqsServer.endpoint()).withInterceptors(List.of(faults))));
            for (FunctionDef f : List.of(Functions.OFFERS, Functions.BOOKING, Functions.TIMERS, Functions.ESCROW,
                    Functions.DISPUTE, Functions.HISTORY, Functions.PURGE, Functions.SCAN)) {
                Deployment deployment = deployment(f, List.of(faults));
                if (f.equals(Functions.ESCROW)) {
                    deployment = new WithPayments(deployment, payments);
                }
                handlers.put(f, Class.forName(f.handlerClass()).getConstructor(Deployment.class).newInstance(deployment));
            }
            AwsDeployment auditor = deployment(null, List.of());
            audit = Wiring.bookingStore(auditor);
            auditSafety = Wiring.safetyStore(auditor, audit);
            auditPurge = Wiring.purgeStore(auditor);
            profiles = new DynamoDbProfileDirectory(admin, Tables.USERS.name());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    /** A function's Lambda wiring here ({@code null}: every table, for the auditor). */
    private AwsDeployment deployment(FunctionDef function, List<ExecutionInterceptor> interceptors) {
        Map<String, String> env = new LinkedHashMap<>();
        for (TableDef t : function == null ? Tables.ALL : List.copyOf(function.tables().keySet())) {
            env.put(t.environmentVariable(), t.name());
        }
        queueUrls.forEach((queue, url) -> env.put(queue.environmentVariable(), url));
        env.put(FunctionDef.KMS_KEY_VARIABLE, "arn:aws:kms:eu-central-1:000000000000:key/faults-data");
        env.put(FunctionDef.HMAC_KEY_VARIABLE, "arn:aws:kms:eu-central-1:000000000000:key/faults-hmac");
        env.put(FunctionDef.EVENTS_TOPIC_VARIABLE, "arn:aws:sns:eu-central-1:000000000000:faults-events");
        env.put(FunctionDef.PAYMENT_PROVIDER_VARIABLE, "sandbox");
        return AwsDeployment.of(env, service -> AwsClients.local(switch (service) {
            case "dynamodb" -> dynamo.endpoint();
            case "sqs" -> sqsServer.endpoint();
            default -> fakeAws.endpoint(); // kms, sns
        }).withInterceptors(interceptors), clock);
    }

    /** KMS and SNS requests FakeAws answered (the faults injected on them never reached it). */
    Map<String, Long> fakeAwsRequests() {
        return fakeAws.requests();
    }

    // ---- people ------------------------------------------------------------------------------------------

    Who newUser(String role) {
        UserId id = new UserId(UUID.randomUUID().toString());
        profiles.save(new PublicProfile(id, "Faulty " + role, Trust.NEW));
        return new Who(id, "[" + role + "]");
    }

    /** A fresh session for every request: the clock jumps days, and a login is not what is under test. */
    private String session(Who who) {
        String jti = "faults-" + UUID.randomUUID();
        Instant now = clock.now();
        new DynamoDbSessionStore(admin, Tables.SESSIONS.name())
                .grant(new AccessGrant(jti, who.id(), "faults", "faults", now, now.plus(Duration.ofHours(1))));
        return jti;
    }

    // ---- the API client ----------------------------------------------------------------------------------

    /**
     * A request as a careful client makes it: a 5xx is repeated with the same {@code Idempotency-Key}, a request
     * still in progress is waited for (the platform clock moves past its claim), a concurrent update is repeated.
     */
    Reply call(String routeKey, Map<String, String> path, String body, Who who) {
        String key = routeKey.startsWith("POST ") ? "idem-" + UUID.randomUUID() : null;
        for (int attempt = 1; attempt <= 20; attempt++) {
            Reply reply = once(routeKey, path, body, who, key, attempt);
            if (reply.status() >= 500) {
                weather.serverErrors++;
                continue;
            }
            if (reply.status() == 409 && "idempotency_request_in_progress".equals(reply.code())) {
                weather.inProgressWaits++;
                clock.advance(Duration.ofSeconds(31)); // the claim of the failed attempt runs out
                continue;
            }
            if (reply.status() == 409 && "concurrent_update".equals(reply.code())) {
                continue;
            }
            return reply;
        }
        throw new AssertionError(routeKey + " failed 20 times in a row");
    }

    /** One invocation through the route's handler, as API Gateway would make it. */
    Reply once(String routeKey, Map<String, String> path, String body, Who who, String idempotencyKey, int attempt) {
        RouteDef route = Routes.ALL.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst().orElseThrow();
        APIGatewayV2HTTPEvent event = com.safehold.local.bench.Lifecycles.signedInEvent(route, path, body,
                idempotencyKey == null ? Map.of() : Map.of("idempotency-key", idempotencyKey), who.id().value(),
                who.groups(), session(who));
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) quietly(
                () -> handler(route.function()).handleRequest(event, null));
        JsonNode json = parse(routeKey, response.getBody());
        String code = json.has("code") ? json.get("code").asText() : null;
        if (response.getStatusCode() >= 500) {
            // SPEC 3: every failure is an RFC 9457 problem, a 500 included, and tells nothing about the inside
            assertThat(response.getHeaders()).as(routeKey + " answered 5xx without a problem: " + response.getBody())
                    .containsEntry("content-type", "application/problem+json");
            assertThat(code).as(routeKey + " 5xx problem code").isEqualTo("internal_error");
        }
        return new Reply(response.getStatusCode(), code, json, attempt);
    }

    private static JsonNode parse(String routeKey, String body) {
        try {
            return body == null || body.isEmpty() ? Json.object() : Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(routeKey + " answered no JSON: " + body, e);
        }
    }

    // ---- the escrow queue's event source mapping ---------------------------------------------------------

    /**
     * One poll of the escrow queue: receive up to ten messages, hand them to the worker, delete those it did not
     * report as failed. What failed, and what could not be deleted, comes back: the visibility timeout is let
     * pass at once. Returns how many messages were received.
     */
    int deliverEscrow() {
        String url = queueUrls.get(Queues.ESCROW_COMMANDS);
        List<Message> batch;
        try {
            batch = eventSource.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        } catch (RuntimeException failedPoll) {
            weather.failedPolls++;
            return -1;
        }
        if (batch.isEmpty()) {
            return 0;
        }
        SQSEvent event = QueuePollers.toEvent(Queues.ESCROW_COMMANDS, batch);
        List<String> failed = new ArrayList<>();
        try {
            SQSBatchResponse response = (SQSBatchResponse) quietly(
                    () -> handler(Functions.ESCROW).handleRequest(event, null));
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        } catch (RuntimeException wholeBatch) {
            batch.forEach(m -> failed.add(m.messageId()));
        }
        List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        List<Message> comeBack = new ArrayList<>(batch.stream().filter(m -> failed.contains(m.messageId())).toList());
        weather.failedDeliveries += comeBack.size();
        if (!done.isEmpty()) {
            try {
                DeleteMessageBatchResponse deleted = eventSource.deleteMessageBatch(r -> r.queueUrl(url)
                        .entries(done.stream().map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                                .receiptHandle(m.receiptHandle()).build()).toList()));
                deleted.failed().forEach(f -> done.stream().filter(m -> m.messageId().equals(f.id()))
                        .forEach(comeBack::add));
                weather.lostDeletes += deleted.failed().size();
            } catch (RuntimeException lostDelete) {
                comeBack.addAll(done);
                weather.lostDeletes += done.size();
            }
        }
        for (Message m : comeBack) { // the visibility timeout passes
            try {
                adminSqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            } catch (ReceiptHandleIsInvalidException deletedAfterAll) {
                // the delete reached SQS and only its answer was lost: the message is gone
            }
        }
        return batch.size();
    }

    /** Polls until a poll finds nothing (a failed poll is not "nothing"). */
    void drainEscrow() {
        for (int polls = 0; polls < 500; polls++) {
            if (deliverEscrow() == 0) {
                return;
            }
        }
        throw new AssertionError("the escrow queue did not drain in 500 polls");
    }

    // ---- EventBridge -------------------------------------------------------------------------------------

    /** The timer sweep once, as its schedule fires it; a failed run is counted (the next minute runs again). */
    boolean sweep() {
        try {
            quietly(() -> handler(Functions.TIMERS).handleRequest(scheduled("timers"), null));
            return true;
        } catch (RuntimeException failed) {
            weather.failedSweeps++;
            return false;
        }
    }

    /** One minute of platform life: the clock moves past the relay grace, the sweep runs, the queue drains. */
    void minute() {
        clock.advance(BookingService.RELAY_GRACE.plusSeconds(31));
        sweep();
        drainEscrow();
    }

    /** The purge once; its report's run id, or null when the invocation failed (EventBridge runs it again). */
    String purge() {
        try {
            return (String) quietly(() -> handler(Functions.PURGE).handleRequest(scheduled("purge"), null));
        } catch (RuntimeException failed) {
            weather.failedPurges++;
            return null;
        }
    }

    private Map<String, Object> scheduled(String rule) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", clock.now().toString());
        event.put("region", "eu-central-1");
        event.put("resources", List.of("arn:aws:events:eu-central-1:000000000000:rule/" + rule));
        event.put("detail", Map.of());
        return event;
    }

    /** Runs until {@code done}, a platform minute at a time; false if it never was. */
    boolean until(BooleanSupplier done, int minutes) {
        for (int i = 0; i < minutes; i++) {
            if (done.getAsBoolean()) {
                return true;
            }
            minute();
        }
        return done.getAsBoolean();
    }

    // ---- what the auditor sees ---------------------------------------------------------------------------

    Booking booking(String bookingId) {
        return audit.find(bookingId).orElseThrow(() -> new AssertionError("no booking " + bookingId));
    }

    Ledger ledger(String bookingId) {
        return audit.ledger(bookingId, "EUR");
    }

    /** Messages on the escrow queue (waiting or in flight) and in its dead-letter queue. */
    DeadLetters.Depth escrowDepth() {
        return deadLetters.depths().stream().filter(d -> d.queue().equals(Queues.ESCROW_COMMANDS.name())).findFirst()
                .orElseThrow();
    }

    /** A purge run's report, as {@code GET /v1/admin/purge-runs} shows it. */
    com.safehold.domain.history.PurgeReport purgeReport(String runId) {
        return auditPurge.runs(100).stream().filter(r -> r.runId().equals(runId)).findFirst()
                .orElseThrow(() -> new AssertionError("no report of purge run " + runId));
    }

    /** Puts a message on the escrow queue as a producer would (one that does not go through a booking's outbox). */
    void sendEscrow(com.safehold.domain.bookings.EscrowCommand command) {
        adminSqs.sendMessage(r -> r.queueUrl(queueUrls.get(Queues.ESCROW_COMMANDS))
                .messageBody(com.safehold.adapters.sqs.EscrowCommandMessages.write(command))
                .messageGroupId(command.bookingId()).messageDeduplicationId(command.commandId().replace(':', '_')));
    }

    /** The escrow dead-letter queue's URL. */
    String escrowDeadLetterUrl() {
        return adminSqs.getQueueUrl(q -> q.queueName(Queues.ESCROW_COMMANDS.deadLetterQueueName(""))).queueUrl();
    }

    /** Empties both escrow queues (between tests). */
    void emptyQueues() {
        adminSqs.purgeQueue(r -> r.queueUrl(queueUrls.get(Queues.ESCROW_COMMANDS)));
        adminSqs.purgeQueue(r -> r.queueUrl(adminSqs.getQueueUrl(q -> q.queueName(
                Queues.ESCROW_COMMANDS.deadLetterQueueName(""))).queueUrl()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private RequestHandler<Object, Object> handler(FunctionDef function) {
        return (RequestHandler) handlers.get(function);
    }

    /** Runs a handler with its one-line request logs going nowhere: thousands of them would bury a failure. */
    private static <T> T quietly(java.util.function.Supplier<T> invocation) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return invocation.get();
        } finally {
            System.setOut(out);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // stopping: nothing to do about it
            }
        }
    }

    /** The escrow function's deployment with the test's payment provider; everything else as built. */
    private record WithPayments(Deployment d, PaymentProvider payments) implements Deployment {
        @Override public com.safehold.domain.common.Clock clock() { return d.clock(); }
        @Override public com.safehold.domain.common.Ids ids() { return d.ids(); }
        @Override public DynamoDbClient dynamoDb() { return d.dynamoDb(); }
        @Override public com.safehold.domain.crypto.FieldCipher fieldCipher() { return d.fieldCipher(); }
        @Override public String tableName(TableDef table) { return d.tableName(table); }
        @Override public com.safehold.domain.crypto.CryptoShredder cryptoShredder() { return d.cryptoShredder(); }
        @Override public com.safehold.domain.bookings.CommandRelay commandRelay() { return d.commandRelay(); }
        @Override public com.safehold.domain.bookings.Notifier notifier() { return d.notifier(); }
        @Override public PaymentProvider paymentProvider() { return payments; }
    }
}
