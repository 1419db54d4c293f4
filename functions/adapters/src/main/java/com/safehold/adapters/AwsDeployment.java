package com.safehold.adapters;

import com.safehold.adapters.cognito.CognitoIdentityProvider;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.KmsBlindIndex;
import com.safehold.adapters.crypto.KeyCacheLimits;
import com.safehold.adapters.crypto.KmsDataKeySource;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.catalog.Tables;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.adapters.sns.SnsNotifier;
import com.safehold.adapters.sqs.CallMessages;
import com.safehold.adapters.sqs.SqsCallQueue;
import com.safehold.adapters.sqs.SqsCommandRelay;
import com.safehold.adapters.voice.SmsVoiceCalls;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.VoiceCalls;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Queues;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.catalog.TableDef;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.crypto.FieldCipher;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment inside AWS Lambda, configured by the environment variables the CDK app sets. Clients
 * are built on first use and then reused for the life of the execution environment.
 */
public final class AwsDeployment implements Deployment {

    private final Map<String, String> environment;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<PersonKeyring> personKeys;
    private final Supplier<FieldCipher> fieldCipher;
    private final Supplier<IdentityProvider> identityProvider;
    private final Supplier<BlindIndex> blindIndex;
    private final Supplier<CommandRelay> commandRelay;
    private final Supplier<Notifier> notifier;
    private final Supplier<CallQueue> callQueue;
    private final Supplier<VoiceCalls> voiceCalls;
    private final Supplier<PaymentProvider> sandbox = Memoized.of(SandboxPaymentProvider::new);
    private final Ids ids = Ids.random();
    private final Clock clock;

    private AwsDeployment(Map<String, String> environment, Function<String, AwsClients.Settings> connections,
            Clock clock) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.dynamoDb = Memoized.of(() -> AwsClients.dynamoDb(connections.apply("dynamodb")));
        this.personKeys = Memoized.of(() -> new PersonKeyring(
                new KmsDataKeySource(AwsClients.kms(connections.apply("kms")),
                        required(FunctionDef.KMS_KEY_VARIABLE)),
                new DynamoDbPersonKeyVault(dynamoDb.get(), tableName(Tables.KEYS)),
                clock, KeyCacheLimits.DEFAULTS));
        this.fieldCipher = Memoized.of(() -> new EnvelopeFieldCipher(personKeys.get()));
        this.identityProvider = Memoized.of(() -> new CognitoIdentityProvider(
                AwsClients.cognito(connections.apply("cognito-idp")),
                required(FunctionDef.USER_POOL_VARIABLE), required(FunctionDef.USER_POOL_CLIENT_VARIABLE)));
        this.commandRelay = Memoized.of(() -> new SqsCommandRelay(AwsClients.sqs(connections.apply("sqs")),
                required(Queues.ESCROW_COMMANDS.environmentVariable())));
        this.callQueue = Memoized.of(() -> new SqsCallQueue(AwsClients.sqs(connections.apply("sqs")),
                required(Queues.VERIFICATION_CALLS.environmentVariable()), new CallMessages(fieldCipher.get())));
        this.voiceCalls = Memoized.of(() -> SmsVoiceCalls.fromEnvironment(environment,
                connections.apply("sms-voice")));
        this.notifier = Memoized.of(() -> new SnsNotifier(AwsClients.sns(connections.apply("sns")),
                required(FunctionDef.EVENTS_TOPIC_VARIABLE)));
        this.blindIndex = Memoized.of(() -> new KmsBlindIndex(
                AwsClients.kms(connections.apply("kms")), required(FunctionDef.HMAC_KEY_VARIABLE), clock));
    }

    @Override
    public CommandRelay commandRelay() {
        return commandRelay.get();
    }

    @Override
    public CallQueue callQueue() {
        return callQueue.get();
    }

    @Override
    public VoiceCalls voiceCalls() {
        return voiceCalls.get();
    }

    @Override
    public Notifier notifier() {
        return notifier.get();
    }

    @Override
    public PaymentProvider paymentProvider() {
        if (!"sandbox".equals(environment.get(FunctionDef.PAYMENT_PROVIDER_VARIABLE))) {
            throw new IllegalStateException("no payment provider is configured (" + FunctionDef.PAYMENT_PROVIDER_VARIABLE
                    + "); only the sandbox exists so far, see docs/decisions/0009-bookings-and-escrow.md");
        }
        return sandbox.get();
    }

    @Override
    public IdentityProvider identityProvider() {
        return identityProvider.get();
    }

    @Override
    public BlindIndex blindIndex() {
        return blindIndex.get();
    }

    public static AwsDeployment fromEnvironment() {
        Map<String, String> environment = System.getenv();
        return new AwsDeployment(environment, service -> AwsClients.fromEnvironment(environment), Clock.system());
    }

    /**
     * The same wiring against other endpoints and a given clock: the benchmark harness runs the handlers in
     * process against the emulators with it, its SDK interceptors counting every request ({@code service}
     * is {@code dynamodb}, {@code kms}, {@code cognito-idp}, {@code sqs}, {@code sns} or {@code sms-voice}).
     */
    public static AwsDeployment of(Map<String, String> environment, Function<String, AwsClients.Settings> connections,
            Clock clock) {
        return new AwsDeployment(environment, connections, clock);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Ids ids() {
        return ids;
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    @Override
    public FieldCipher fieldCipher() {
        return fieldCipher.get();
    }

    @Override
    public CryptoShredder cryptoShredder() {
        return personKeys.get();
    }

    @Override
    public String tableName(TableDef table) {
        return required(table.environmentVariable());
    }

    private String required(String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
        }
        return value;
    }
}
