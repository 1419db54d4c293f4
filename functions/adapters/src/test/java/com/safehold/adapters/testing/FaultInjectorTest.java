package com.safehold.adapters.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.testing.FaultInjector.Fault;
import com.safehold.adapters.testing.FaultInjector.Injected;
import com.safehold.adapters.testing.FaultInjector.Kind;
import com.safehold.adapters.testing.FaultInjector.Phase;
import com.safehold.adapters.testing.FaultInjector.Reach;
import com.safehold.adapters.testing.FaultInjector.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The fault injector against the real SDK clients over a fake HTTP layer that counts what really went out:
 * a fault before sending never reaches the service, one after sending does; absorbed faults are retried by the
 * SDK, surfaced ones reach the caller; partial batches drop or disown entries; the same seed injects the same.
 */
class FaultInjectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Target GET_ITEM = Target.of("dynamodb", "GetItem");
    private static final Target SEND_BATCH = Target.of("sqs", "SendMessageBatch");

    /** Answers DynamoDB with an empty JSON object and SQS SendMessageBatch with every entry accepted. */
    private static final class Wire implements SdkHttpClient {
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    String body = request.contentStreamProvider().isPresent()
                            ? new String(request.contentStreamProvider().get().newStream().readAllBytes(),
                                    StandardCharsets.UTF_8) : "";
                    bodies.add(body);
                    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                    String answer = target.endsWith("SendMessageBatch") ? accepted(body) : "{}";
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(bytes.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
                }

                @Override
                public void abort() {}
            };
        }

        private static String accepted(String body) throws IOException {
            ObjectNode out = JSON.createObjectNode();
            ArrayNode successful = out.putArray("Successful");
            for (JsonNode entry : JSON.readTree(body).get("Entries")) {
                successful.addObject().put("Id", entry.get("Id").asText()).put("MessageId", "m-" + entry.get("Id").asText())
                        .put("MD5OfMessageBody", md5(entry.get("MessageBody").asText()));
            }
            out.putArray("Failed");
            return out.toString();
        }

        private static String md5(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {}
    }

    private final Wire wire = new Wire();

    private AwsClients.Settings settings(FaultInjector faults) {
        return new AwsClients.Settings(Region.EU_CENTRAL_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                URI.create("http://fake.test"), wire, List.of(faults));
    }

    private void getItem(DynamoDbClient dynamoDb) {
        dynamoDb.getItem(r -> r.tableName("things").key(Map.of("id", AttributeValue.fromS("x"))));
    }

    @Test
    void beforeSend_absorbed_neverReachesTheService_andTheSdksRetrySucceeds() {
        FaultInjector faults = new FaultInjector(1).next(GET_ITEM, Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND,
                Reach.ABSORBED));
        getItem(AwsClients.dynamoDb(settings(faults)));
        assertThat(wire.bodies).hasSize(1);
        assertThat(faults.injected()).singleElement().satisfies(i -> {
            assertThat(i.phase()).isEqualTo(Phase.BEFORE_SEND);
            assertThat(i.attempt()).isEqualTo(1);
        });
    }

    @Test
    void afterSend_absorbed_reachesTheServiceTwice_becauseTheSdkRepeatsARequestWhoseAnswerWasLost() {
        FaultInjector faults = new FaultInjector(1).next(GET_ITEM, Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND,
                Reach.ABSORBED));
        getItem(AwsClients.dynamoDb(settings(faults)));
        assertThat(wire.bodies).hasSize(2);
        assertThat(faults.injected()).extracting(Injected::phase).containsExactly(Phase.AFTER_SEND);
    }

    @Test
    void surfacedServerErrors_failEveryAttempt_untilTheSdkGivesUp() {
        FaultInjector faults = new FaultInjector(1).next(GET_ITEM, Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND,
                Reach.SURFACED));
        assertThatThrownBy(() -> getItem(AwsClients.dynamoDb(settings(faults))))
                .isInstanceOf(InternalServerErrorException.class);
        assertThat(wire.bodies).isEmpty();
        assertThat(faults.injected()).hasSizeGreaterThan(2).extracting(Injected::call).containsOnly(1L);
        assertThat(faults.faultedCalls()).isEqualTo(1);
    }

    @Test
    void aSurfacedTimeoutAfterSending_reachedTheServiceOnce_thenTheNetworkStayedDown() {
        FaultInjector faults = new FaultInjector(1).next(GET_ITEM, Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND,
                Reach.SURFACED));
        assertThatThrownBy(() -> getItem(AwsClients.dynamoDb(settings(faults))))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("timed out");
        assertThat(wire.bodies).hasSize(1);
        assertThat(faults.injected().getFirst().phase()).isEqualTo(Phase.AFTER_SEND);
        assertThat(faults.injected().subList(1, faults.injected().size())).extracting(Injected::phase)
                .containsOnly(Phase.BEFORE_SEND);
    }

    @Test
    void surfacedThrottling_reachesTheCallerAtOnce_asTheThrottlingExceptionTheSdkEndsWith() {
        FaultInjector faults = new FaultInjector(1).next(GET_ITEM, Fault.of(Kind.THROTTLING, Phase.BEFORE_SEND,
                Reach.SURFACED));
        assertThatThrownBy(() -> getItem(AwsClients.dynamoDb(settings(faults))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(wire.bodies).isEmpty();
        assertThat(faults.injected()).hasSize(1);
    }

    @Test
    void absorbedThrottling_isRetriedByTheSdk_asAThrottle() {
        FaultInjector faults = new FaultInjector(1).next(GET_ITEM, Fault.of(Kind.THROTTLING, Phase.BEFORE_SEND,
                Reach.ABSORBED));
        getItem(AwsClients.dynamoDb(settings(faults)));
        assertThat(wire.bodies).hasSize(1);
        assertThat(faults.injected()).hasSize(1);
    }

    @Test
    void aTransactionConflict_cancelsTheTransactionBeforeItIsSent_withOneReasonPerItem_andIsNotRetried() {
        FaultInjector faults = new FaultInjector(1).next(Target.of("dynamodb", "TransactWriteItems"),
                Fault.transactionConflict());
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings(faults));
        java.util.function.Supplier<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> put = () ->
                software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().put(p -> p.tableName("things")
                        .item(Map.of("id", AttributeValue.fromS("x")))).build();
        assertThatThrownBy(() -> dynamoDb.transactWriteItems(r -> r.transactItems(put.get(), put.get(), put.get())))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.class,
                        e -> assertThat(e.cancellationReasons()).extracting(r -> r.code())
                                .containsExactly("TransactionConflict", "None", "None"));
        assertThat(wire.bodies).as("DynamoDB never applied it").isEmpty();
        assertThat(faults.injected()).singleElement().extracting(Injected::kind).isEqualTo(Kind.TRANSACTION_CONFLICT);
        getItem(dynamoDb); // a conflict is only ever planned for transactions
        dynamoDb.transactWriteItems(r -> r.transactItems(put.get()));
        assertThat(wire.bodies).hasSize(2);
    }

    @Test
    void aTransactionConflict_isNeverInjectedIntoAnotherOperation() {
        FaultInjector faults = new FaultInjector(1).next(Target.anyOf("dynamodb"), Fault.transactionConflict());
        getItem(AwsClients.dynamoDb(settings(faults)));
        assertThat(faults.injected()).isEmpty();
        assertThat(faults.planPending()).isTrue();
    }

    private SendMessageBatchResponse send(FaultInjector faults, int entries) {
        List<SendMessageBatchRequestEntry> batch = new java.util.ArrayList<>();
        for (int i = 0; i < entries; i++) {
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody("body " + i)
                    .messageGroupId("g").messageDeduplicationId("d" + i).build());
        }
        try (SqsClient sqs = AwsClients.sqs(settings(faults))) {
            return sqs.sendMessageBatch(r -> r.queueUrl("http://fake.test/000000000000/q.fifo").entries(batch));
        }
    }

    @Test
    void aPartialBatchBeforeSending_dropsEntriesFromTheRequest_andReportsThemFailed() throws Exception {
        FaultInjector faults = new FaultInjector(7).next(SEND_BATCH, Fault.partialBatch(Phase.BEFORE_SEND));
        SendMessageBatchResponse response = send(faults, 3);
        int sent = JSON.readTree(wire.bodies.getFirst()).get("Entries").size();
        assertThat(sent).isBetween(1, 2);
        assertThat(response.failed()).hasSize(3 - sent);
        assertThat(response.successful()).hasSize(sent);
        assertThat(faults.injected()).singleElement().extracting(Injected::phase).isEqualTo(Phase.BEFORE_SEND);
    }

    @Test
    void aPartialBatchAfterSending_sendsEverything_butReportsSomeEntriesFailed() throws Exception {
        FaultInjector faults = new FaultInjector(7).next(SEND_BATCH, Fault.partialBatch(Phase.BEFORE_SEND));
        SendMessageBatchResponse response = send(faults, 1); // a batch of one cannot drop its only entry
        assertThat(JSON.readTree(wire.bodies.getFirst()).get("Entries")).hasSize(1);
        assertThat(response.failed()).hasSize(1);
        assertThat(faults.injected()).singleElement().extracting(Injected::phase).isEqualTo(Phase.AFTER_SEND);
    }

    @Test
    void theSameSeed_injectsTheSameFaults_andOffInjectsNothing() {
        List<String> first = randomRun(42);
        assertThat(first).isNotEmpty();
        assertThat(randomRun(42)).isEqualTo(first);

        FaultInjector off = new FaultInjector(42).randomly(GET_ITEM, 1.0,
                List.of(Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.ABSORBED)));
        off.off();
        getItem(AwsClients.dynamoDb(settings(off)));
        assertThat(off.injected()).isEmpty();
    }

    private List<String> randomRun(long seed) {
        FaultInjector faults = new FaultInjector(seed).randomly(GET_ITEM, 0.5,
                List.of(Fault.of(Kind.SERVER_ERROR, Phase.BEFORE_SEND, Reach.ABSORBED),
                        Fault.of(Kind.TIMEOUT, Phase.AFTER_SEND, Reach.ABSORBED)));
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings(faults));
        for (int i = 0; i < 20; i++) {
            getItem(dynamoDb);
        }
        return faults.injected().stream().map(Injected::toString).toList();
    }
}
