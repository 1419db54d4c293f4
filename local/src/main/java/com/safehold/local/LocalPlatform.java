package com.safehold.local;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.cognito.CognitoIdentityProvider;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.KeyCacheLimits;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.adapters.crypto.LocalBlindIndex;
import com.safehold.adapters.crypto.LocalKeyringDataKeySource;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.adapters.sqs.CallMessages;
import com.safehold.adapters.sqs.SqsCallQueue;
import com.safehold.adapters.sqs.SqsCommandRelay;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.auth.AuthApiHandler;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.Queues;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AuthService;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.verification.VoiceCalls;
import com.safehold.local.cognito.CognitoLocal;
import com.safehold.local.cognito.JwtAuthorizer;
import com.safehold.local.cognito.Unauthorized;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole platform on one machine (SPEC 2): DynamoDB Local and ElasticMQ in this JVM, cognito-local as a
 * child process, the local keyring instead of KMS, the outbox instead of SNS and calls, the gateway, queue
 * pollers and scheduler — all on 127.0.0.1, all driven by the same {@link Catalog} the CDK app deploys.
 * {@link #close()} stops everything it started, in reverse order.
 */
public final class LocalPlatform implements AutoCloseable {

    /**
     * The local voice sandbox's opted-out number, as the payment sandbox has {@code pm_declined}: a call to it
     * can never be placed, so its verification ends {@code FAILED} (SPEC 4.8; docs/decisions/0013).
     */
    public static final String OPTED_OUT_PHONE = "+4915199999999";

    private final Started started = new Started();
    private final LocalClock clock = new LocalClock();
    private final Outbox outbox = new Outbox();
    private final SandboxPaymentProvider payments = new SandboxPaymentProvider();
    private final LocalDynamoDb dynamoDbServer;
    private final LocalSqs sqsServer;
    private final CognitoLocal cognito;
    private final AuthService accounts;
    private final LocalDeployment deployment;
    private final LocalKeyringDataKeySource keyring;
    private final DynamoDbPersonKeyVault personKeyVault;
    private final LocalGateway gateway;
    private final Handlers handlers;

    private LocalPlatform(LocalConfig config, Catalog catalog, Path dataDir) throws Exception {
        try {
            dynamoDbServer = track(LocalDynamoDb.start(config.dynamoDbPort()));
            DynamoDbClient dynamoDb = track(AwsClients.dynamoDb(AwsClients.local(dynamoDbServer.endpoint())));
            for (TableDef table : catalog.tables()) {
                TableProvisioner.create(dynamoDb, table, table.name());
            }
            sqsServer = track(LocalSqs.start(config.sqsPort()));
            SqsClient sqs = track(SqsClient.builder().endpointOverride(sqsServer.endpoint())
                    .region(AwsClients.local(sqsServer.endpoint()).region())
                    .credentialsProvider(AwsClients.local(sqsServer.endpoint()).credentials())
                    .httpClient(AwsClients.httpClient()).build());
            cognito = track(CognitoLocal.builder().dataDir(dataDir.resolve("cognito")).port(config.cognitoPort())
                    .start());
            keyring = new LocalKeyringDataKeySource(randomKey());
            personKeyVault = new DynamoDbPersonKeyVault(dynamoDb, Tables.KEYS.name());
            DynamoDbPersonKeyVault vault = personKeyVault;
            Map<QueueDef, String> queueUrls = QueuePollers.createQueues(sqs, catalog.queues());
            deployment = new LocalDeployment(null, clock, Ids.random(), dynamoDb, keysFor(vault),
                    new CognitoIdentityProvider(cognito.client(), cognito.userPoolId(), cognito.clientId()),
                    new LocalBlindIndex(randomKey()),
                    commands -> new SqsCommandRelay(sqs, required(queueUrls, Queues.ESCROW_COMMANDS)).send(commands),
                    (recipients, notification) -> recipients.forEach(recipient ->
                            outbox.send("push", recipient.value(), notification.text(), clock.now())),
                    payments,
                    cipher -> new SqsCallQueue(sqs, required(queueUrls, Queues.VERIFICATION_CALLS), new CallMessages(cipher)),
                    (e164, script) -> {
                        if (e164.equals(OPTED_OUT_PHONE)) {
                            throw new VoiceCalls.UndeliverableException("ConflictException"); // as SMS & Voice answers
                        }
                        outbox.send("voice", e164, script.text(), clock.now());
                    });
            accounts = AuthApiHandler.service(deployment,
                    new DynamoDbSettingsSource(dynamoDb, deployment.tableName(Tables.SETTINGS)));

            handlers = new Handlers(catalog.functions(), function -> deployment.forFunction(function, keysFor(vault)));
            QueuePollers pollers = track(new QueuePollers(sqs, handlers, queueUrls));
            pollers.start();
            Scheduler scheduler = new Scheduler(clock, handlers, catalog.schedules());

            JwtAuthorizer authorizer = new JwtAuthorizer(cognito, clock);
            Map<String, Supplier<Boolean>> health = new LinkedHashMap<>();
            health.put("dynamodb", () -> !dynamoDb.listTables(r -> r.limit(1)).tableNames().isEmpty());
            health.put("sqs", () -> sqs.listQueues().sdkHttpResponse().isSuccessful());
            health.put("cognito", cognito::isHealthy);
            health.put("keyring", () -> selfTest(deployment.fieldCipher()));
            health.put("scheduler", () -> true);
            LocalControl control = new LocalControl(clock, outbox, scheduler, new DeadLetters(sqs, queueUrls), health);
            gateway = track(new LocalGateway(config.gatewayPort(), catalog.routes(), handlers,
                    header -> authorize(authorizer, header),
                    control, clock));

            createAccount(config.adminEmail(), config.adminPassword(), Role.ADMIN, "Safehold Admin");
        } catch (Exception | Error startFailed) {
            close();
            throw startFailed;
        }
    }

    /** Starts every component; data lives under a fresh temporary folder and in memory. */
    public static LocalPlatform start(LocalConfig config, Catalog catalog) throws Exception {
        return new LocalPlatform(config, catalog, Files.createTempDirectory("safehold-local-"));
    }

    public URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public int dynamoDbPort() {
        return dynamoDbServer.port();
    }

    public int sqsPort() {
        return sqsServer.port();
    }

    /**
     * What KMS would have been asked so far, by every function together: each function keeps its own key
     * cache, as its Lambda environments would (docs/benchmarks.md, KMS requests per booking).
     */
    public LocalKeyringDataKeySource.Calls kmsCalls() {
        return keyring.calls();
    }

    /**
     * A field cipher with a cold key cache over this platform's keyring and key table, as a freshly started
     * function would have: what reading a restored backup would use.
     */
    public FieldCipher newFieldCipher() {
        return new EnvelopeFieldCipher(keysFor(personKeyVault));
    }

    public LocalClock clock() {
        return clock;
    }

    public Outbox outbox() {
        return outbox;
    }

    /**
     * Creates an account the way signup does, in any role (the seeded admin; admin and support accounts in
     * tests): the Cognito user in the role's group, its security record and its public profile. The password
     * must meet the password rules in force. Returns the user id (Cognito {@code sub}).
     */
    public UserId createAccount(String email, String password, Role role, String pseudonym) {
        return accounts.createAccount(new AuthService.Signup(email, password, role, pseudonym, null),
                IdentityProvider.ClientContext.UNKNOWN);
    }

    /** The sandbox payment provider every escrow worker instance here uses (tests count its holds). */
    public SandboxPaymentProvider payments() {
        return payments;
    }

    public CognitoLocal cognito() {
        return cognito;
    }

    /** The running instance of a function's handler (tests feed it the sample events). */
    <T> T handler(FunctionDef function, Class<T> type) {
        return handlers.of(function, type);
    }

    Optional<LocalDeployment> deployment() {
        return Optional.ofNullable(deployment);
    }

    @Override
    public void close() {
        started.close();
    }

    private <T extends AutoCloseable> T track(T component) {
        return started.track(component);
    }

    private static String required(Map<QueueDef, String> urls, QueueDef queue) {
        String url = urls.get(queue);
        if (url == null) {
            throw new IllegalStateException("this platform's catalog has no queue " + queue.name());
        }
        return url;
    }

    private PersonKeyring keysFor(DynamoDbPersonKeyVault vault) {
        return new PersonKeyring(keyring, vault, clock, KeyCacheLimits.DEFAULTS);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static Optional<LocalGateway.Authorized> authorize(JwtAuthorizer authorizer, String header) {
        try {
            var jwt = authorizer.authorize(header, RouteDef.JWT_SCOPES);
            return Optional.of(new LocalGateway.Authorized(jwt.claims(), jwt.scopes()));
        } catch (Unauthorized refused) {
            return Optional.empty();
        }
    }

    private static boolean selfTest(FieldCipher cipher) {
        FieldContext context = new FieldContext(new UserId("local-health-check"), "health", "self-test", "probe");
        return "ok".equals(cipher.decrypt(cipher.encrypt("ok", context), context));
    }
}
