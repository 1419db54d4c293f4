package com.safehold.local.bench;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.UserId;
import com.safehold.local.LocalDynamoDb;
import com.safehold.local.LocalSqs;
import com.safehold.local.QueuePollers;
import com.safehold.local.Started;
import com.safehold.local.cognito.CognitoLocal;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the benchmark runs the functions against, all on loopback: DynamoDB Local with every catalog table,
 * ElasticMQ with every catalog queue, cognito-local with a pool, and {@link FakeAws} for KMS, SNS and voice
 * calls. A function sees it through the environment variables the CDK app would set (its own tables only)
 * plus the SDK's {@code AWS_ENDPOINT_URL_<SERVICE>} variables, so a fresh JVM runs the function jar's real
 * {@link AwsDeployment} wiring; in process, {@link #deployment} builds that same wiring with counting clients.
 */
final class BenchStack implements AutoCloseable {

    private final Started started = new Started();
    private final LocalDynamoDb dynamo;
    private final LocalSqs sqs;
    private final CognitoLocal cognito;
    private final FakeAws fakeAws;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqsClient;
    private final Map<QueueDef, String> queueUrls;
    private final Catalog catalog = Catalog.safehold();

    BenchStack() throws Exception {
        try {
            dynamo = track(LocalDynamoDb.start(0));
            dynamoDb = track(AwsClients.dynamoDb(AwsClients.local(dynamo.endpoint())));
            for (TableDef t : Tables.ALL) {
                TableProvisioner.create(dynamoDb, t, t.name());
            }
            sqs = track(LocalSqs.start(0));
            sqsClient = track(AwsClients.sqs(AwsClients.local(sqs.endpoint())));
            queueUrls = QueuePollers.createQueues(sqsClient, catalog.queues());
            cognito = track(CognitoLocal.builder().dataDir(Files.createTempDirectory("safehold-bench-cognito")).port(0)
                    .start());
            fakeAws = track(FakeAws.start());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Where each SDK service of the deployment is answered here. */
    URI endpoint(String service) {
        return switch (service) {
            case "dynamodb" -> dynamo.endpoint();
            case "sqs" -> sqs.endpoint();
            case "cognito-idp" -> cognito.endpoint();
            default -> fakeAws.endpoint(); // kms, sns, sms-voice
        };
    }

    /** The environment the CDK app gives this function, pointed at this stack (the SDK reads the endpoint variables). */
    Map<String, String> environment(FunctionDef function) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "eu-central-1");
        env.put("AWS_ACCESS_KEY_ID", "bench");
        env.put("AWS_SECRET_ACCESS_KEY", "bench");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", cognito.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_KMS", fakeAws.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SNS", fakeAws.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", fakeAws.endpoint().toString());
        for (TableDef t : function.tables().keySet()) {
            env.put(t.environmentVariable(), t.name());
        }
        queueUrls.forEach((queue, url) -> env.put(queue.environmentVariable(), url));
        env.put(FunctionDef.KMS_KEY_VARIABLE, "arn:aws:kms:eu-central-1:000000000000:key/bench-data");
        env.put(FunctionDef.HMAC_KEY_VARIABLE, "arn:aws:kms:eu-central-1:000000000000:key/bench-hmac");
        env.put(FunctionDef.USER_POOL_VARIABLE, cognito.userPoolId());
        env.put(FunctionDef.USER_POOL_CLIENT_VARIABLE, cognito.clientId());
        env.put(FunctionDef.EVENTS_TOPIC_VARIABLE, "arn:aws:sns:eu-central-1:000000000000:bench-events");
        env.put(FunctionDef.VOICE_ORIGINATION_VARIABLE, "arn:aws:sms-voice:eu-central-1:000000000000:phone-number/bench");
        env.put(FunctionDef.VOICE_CONFIGURATION_SET_VARIABLE, "bench");
        env.put(FunctionDef.VOICE_MAX_PRICE_VARIABLE, "0.20");
        env.put(FunctionDef.PAYMENT_PROVIDER_VARIABLE, "sandbox");
        return env;
    }

    /** The function's Lambda wiring in this JVM, each SDK client carrying the interceptors, on the given clock. */
    AwsDeployment deployment(FunctionDef function, Clock clock, List<ExecutionInterceptor> interceptors) {
        return AwsDeployment.of(environment(function),
                service -> AwsClients.local(endpoint(service)).withInterceptors(interceptors), clock);
    }

    /** A session as a completed login leaves it (SPEC 4.1): returns the access token's {@code jti}. */
    String signIn(UserId user, java.time.Instant now) {
        String jti = "bench-" + UUID.randomUUID();
        new DynamoDbSessionStore(dynamoDb, Tables.SESSIONS.name())
                .grant(new AccessGrant(jti, user, "bench", "bench", now, now.plus(Duration.ofDays(30))));
        return jti;
    }

    /** Drops every message on every queue (and its dead-letter queue stays as it is). */
    void emptyQueues() {
        queueUrls.values().forEach(url -> sqsClient.purgeQueue(r -> r.queueUrl(url)));
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    SqsClient sqs() {
        return sqsClient;
    }

    String queueUrl(QueueDef queue) {
        return queueUrls.get(queue);
    }

    CognitoLocal cognito() {
        return cognito;
    }

    FakeAws fakeAws() {
        return fakeAws;
    }

    private <T extends AutoCloseable> T track(T component) {
        return started.track(component);
    }

    @Override
    public void close() {
        started.close();
    }
}
