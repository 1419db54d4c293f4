package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.testing.RecordingDeployment;
import com.safehold.api.lambdacrac.Core;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Functions;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.FieldCipher;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The SnapStart hooks of every handler (decision 0015): what they read, that they write and log nothing, that
 * they survive a DynamoDB that does not answer, and that a handler's hooks reach a CRaC implementation found
 * the way Lambda's is found ({@code -Dorg.crac.Core.Compat}, here the stand-in {@link Core}).
 */
class PrimingTest {

    /** The log keys a priming line may carry: the base of every line plus the step and the error type. */
    private static final Set<String> PRIMING_LOG_KEYS = Set.of("ts", "level", "event", "function", "code", "errorType");

    /** A handler with no routes: what every API handler inherits. */
    private static final class BareApiHandler extends ApiHandler {
        BareApiHandler(Deployment deployment) {
            super(Functions.OFFERS, deployment);
        }
    }

    @Test
    void anApiHandlersHooks_readOneAbsentSettingsItem_writeNothing_andLogNothing() throws Exception {
        RecordingDeployment deployment = new RecordingDeployment();
        ApiHandler handler = new BareApiHandler(deployment);

        RecordingDeployment.Observed seen = deployment.observe(() -> {
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
        });

        assertThat(seen.requests()).containsExactly("dynamodb.getItem");
        assertThat(seen.stdout()).isEmpty();
        // the read found nothing, and priming left nothing behind
        assertThat(deployment.dynamoDb().getItem(GetItemRequest.builder().tableName(Tables.SETTINGS.name())
                .key(Map.of("settingsId", AttributeValue.fromS(Priming.ABSENT_KEY))).build()).hasItem()).isFalse();
    }

    @Test
    void aHandlerRegistersItsHooksAtInit_andKeepsThemThroughAGarbageCollection() throws Exception {
        Core.reset();
        RecordingDeployment deployment = new RecordingDeployment();
        ApiHandler handler = new BareApiHandler(deployment);
        System.gc(); // the CRaC context holds resources weakly: only the handler's field keeps them

        RecordingDeployment.Observed seen = deployment.observe(org.crac.Core::checkpointRestore);

        assertThat(seen.requests()).as("the hooks ran, as Lambda runs them around a snapshot")
                .containsExactly("dynamodb.getItem");
        assertThat(seen.stdout()).isEmpty();
        Reference.reachabilityFence(handler); // as the Lambda runtime holds its handler
    }

    @Test
    void aDynamoDbThatDoesNotAnswer_failsNoHook_andOnlyTheReadWasAttempted() throws Exception {
        List<SdkRequest> sent = new CopyOnWriteArrayList<>();
        Priming priming = Priming.register(Functions.TIMERS, deploymentWith(unreachableDynamoDb(sent)));

        RecordingDeployment.Observed seen = new RecordingDeployment().observe(() -> {
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
        });

        assertThat(sent).singleElement().isInstanceOfSatisfying(GetItemRequest.class, read -> {
            assertThat(read.tableName()).isEqualTo("physical-settings");
            assertThat(read.key()).isEqualTo(Map.of("settingsId", AttributeValue.fromS(Priming.ABSENT_KEY)));
            assertThat(read.projectionExpression()).isEqualTo("#key");
            assertThat(read.expressionAttributeNames()).isEqualTo(Map.of("#key", "settingsId"));
        });
        // one line: which step was skipped and the error's type; no message, no table, no key
        List<String> lines = seen.stdout().lines().toList();
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode logged = Json.MAPPER.readTree(line);
            assertThat(logged.get("level").asText()).isEqualTo("WARN");
            assertThat(logged.get("event").asText()).isEqualTo("priming.skipped");
            assertThat(logged.get("function").asText()).isEqualTo("timers");
            assertThat(logged.get("code").asText()).isEqualTo("dynamodb");
            assertThat(logged.get("errorType").asText()).startsWith("software.amazon.awssdk.");
            Set<String> keys = new HashSet<>();
            logged.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).isSubsetOf(PRIMING_LOG_KEYS);
            assertThat(line).doesNotContain(Priming.ABSENT_KEY, "physical-settings", "127.0.0.1");
        });
    }

    @Test
    void everyFunctionPrimesATableItMayRead_theSettingsWhereItHasThem_neverThePersonKeys() {
        for (FunctionDef function : Functions.ALL) {
            TableDef table = Priming.readableTable(function);
            assertThat(function.tables()).as(function.name()).containsKey(table);
            assertThat(table).as(function.name() + ": never the people's data keys").isNotEqualTo(Tables.KEYS);
            if (function.tables().containsKey(Tables.SETTINGS)) {
                assertThat(table).as(function.name()).isEqualTo(Tables.SETTINGS);
            }
        }
        assertThat(Priming.readableTable(Functions.CALLS)).isEqualTo(Tables.VERIFICATIONS);
    }

    /** A real SDK client (marshalling, signing, HTTP) to a loopback port nothing listens on; records what it sends. */
    private static DynamoDbClient unreachableDynamoDb(List<SdkRequest> sent) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        AwsClients.Settings local = AwsClients.local(URI.create("http://127.0.0.1:" + port));
        return DynamoDbClient.builder()
                .region(local.region()).credentialsProvider(local.credentials()).endpointOverride(local.endpoint())
                .httpClient(local.httpClient())
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                            ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }
                }))
                .build();
    }

    private static Deployment deploymentWith(DynamoDbClient dynamoDb) {
        return new Deployment() {
            @Override
            public Clock clock() {
                return Clock.system();
            }

            @Override
            public Ids ids() {
                return Ids.random();
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return dynamoDb;
            }

            @Override
            public FieldCipher fieldCipher() {
                throw new AssertionError("priming never uses the deployment's field cipher");
            }

            @Override
            public String tableName(TableDef table) {
                return "physical-" + table.name();
            }
        };
    }
}
