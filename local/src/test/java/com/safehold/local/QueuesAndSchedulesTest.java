package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.AwsClients;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Functions;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.Routes;
import com.safehold.catalog.ScheduleDef;
import com.safehold.catalog.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local platform's queue pollers and scheduler, on a test catalog with FIFO queues and a schedule:
 * batchItemFailures are honoured, redelivery ends in the dead-letter queue, the redrive route brings dead letters
 * back, schedules follow the clock.
 */
class QueuesAndSchedulesTest {

    static final FunctionDef CONSUMER = new FunctionDef("recorder", RecordingConsumer.class.getName(), 512, 1,
            Map.of(), false);
    static final FunctionDef JOB = new FunctionDef("counter", CountingJob.class.getName(), 512, 5, Map.of(), false);
    static final QueueDef QUEUE = new QueueDef("test-events", true, CONSUMER, List.of(), 10, 2, 1);
    static final QueueDef REDRIVEN = new QueueDef("test-redrive", true, CONSUMER, List.of(), 10, 2, 1);
    static final ScheduleDef TICK = new ScheduleDef("tick", "rate(5 minutes)", 5, JOB);

    static LocalPlatform platform;
    static Http http;
    static SqsClient sqs;
    static int sqsPort;

    @BeforeAll
    static void start() throws Exception {
        sqsPort = freePort();
        List<FunctionDef> functions = List.of(Functions.OFFERS, Functions.AUTH, CONSUMER, JOB);
        Catalog catalog = new Catalog(Tables.ALL, functions,
                Routes.ALL.stream().filter(route -> functions.contains(route.function())).toList(),
                List.of(QUEUE, REDRIVEN), List.of(TICK));
        LocalConfig ephemeral = LocalConfig.ephemeral();
        platform = LocalPlatform.start(new LocalConfig(0, 0, sqsPort, 0, ephemeral.adminEmail(),
                ephemeral.adminPassword()), catalog);
        http = new Http(platform.gatewayUri());
        var local = AwsClients.local(java.net.URI.create("http://127.0.0.1:" + sqsPort));
        sqs = SqsClient.builder().endpointOverride(local.endpoint()).region(local.region())
                .credentialsProvider(local.credentials()).httpClient(local.httpClient()).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        platform.close();
    }

    @Test
    void batchItemFailures_areRedelivered_untilTheDeadLetterQueue_andSuccessesAreDeletedOnce() throws Exception {
        String url = sqs.getQueueUrl(r -> r.queueName("test-events.fifo")).queueUrl();
        String dlq = sqs.getQueueUrl(r -> r.queueName("test-events-dlq.fifo")).queueUrl();
        for (String body : List.of("ok-1", "fail-1", "ok-2")) {
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId(body)
                    .messageDeduplicationId(body));
        }
        waitFor(() -> !sqs.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1)).messages().isEmpty(),
                Duration.ofSeconds(20));

        assertThat(RecordingConsumer.DELIVERED).filteredOn(d -> d.startsWith("ok-1")).containsExactly("ok-1#1");
        assertThat(RecordingConsumer.DELIVERED).filteredOn(d -> d.startsWith("ok-2")).containsExactly("ok-2#1");
        assertThat(RecordingConsumer.DELIVERED).filteredOn(d -> d.startsWith("fail-1"))
                .containsExactly("fail-1#1", "fail-1#2");
    }

    @Test
    void aJob_runsOnDemand_andEveryPeriodOfPlatformTime() {
        int before = CountingJob.RUNS.get();
        Http.Reply ran = http.post("/local/jobs/tick", null, "");
        assertThat(ran.status()).isEqualTo(200);
        assertThat(ran.json().at("/report/runs").asInt()).isEqualTo(before + 1);
        assertThat(ran.json().at("/report/source").asText()).isEqualTo("aws.events");

        Http.Reply notYet = http.post("/local/clock/advance", null, "{\"seconds\":60}");
        assertThat(notYet.json().get("ran")).isEmpty();
        Http.Reply due = http.post("/local/clock/advance", null, "{\"seconds\":300}");
        assertThat(due.json().get("ran").get(0).asText()).isEqualTo("tick");
        assertThat(CountingJob.RUNS.get()).isEqualTo(before + 2);
    }

    @Test
    void deadLetters_areListed_andTheRedriveRoute_bringsThemBackOnce_inOrder() throws Exception {
        String url = sqs.getQueueUrl(r -> r.queueName("test-redrive.fifo")).queueUrl();
        for (String body : List.of("sick-a", "sick-b")) {
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId("sick")
                    .messageDeduplicationId(body));
        }
        waitFor(() -> redriveDepth().get("deadLettered").asInt() == 2, Duration.ofSeconds(20));
        assertThat(redriveDepth().get("waiting").asInt()).isZero();

        RecordingConsumer.HEALED.addAll(List.of("sick-a", "sick-b")); // the cause is fixed
        Http.Reply redriven = http.post("/local/queues/test-redrive/redrive", null, "");
        assertThat(redriven.status()).isEqualTo(200);
        assertThat(redriven.json().get("moved").asInt()).isEqualTo(2);
        waitFor(() -> RecordingConsumer.DELIVERED.stream().filter(d -> d.startsWith("sick")).count() == 6,
                Duration.ofSeconds(20));
        assertThat(RecordingConsumer.DELIVERED).filteredOn(d -> d.startsWith("sick"))
                .as("twice each before the dead-letter queue, once each after the redrive, in their group's order")
                .containsSubsequence("sick-a#1", "sick-a#2", "sick-a#1", "sick-b#1");
        waitFor(() -> redriveDepth().get("waiting").asInt() + redriveDepth().get("inFlight").asInt() == 0,
                Duration.ofSeconds(10));
        assertThat(redriveDepth().get("deadLettered").asInt()).isZero();

        assertThat(http.post("/local/queues/test-redrive/redrive", null, "").json().get("moved").asInt()).isZero();
        Http.Reply unknown = http.post("/local/queues/nope/redrive", null, "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("unknown_queue");
    }

    private static com.fasterxml.jackson.databind.JsonNode redriveDepth() {
        for (var queue : http.get("/local/queues", null).json()) {
            if (queue.get("queue").asText().equals("test-redrive")) {
                return queue;
            }
        }
        throw new AssertionError("test-redrive is not listed");
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
