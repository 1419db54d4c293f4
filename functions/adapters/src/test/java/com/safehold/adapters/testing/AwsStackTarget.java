package com.safehold.adapters.testing;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.Memoized;
import com.safehold.catalog.TableDef;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A deployed stack ({@code -Paws -Dsafehold.stack=<name>}), reached with the SDK's default credentials chain
 * and region: its catalog tables, its {@code events} topic and its two KMS keys, found by {@link StackResources}
 * unless named by a system property ({@code safehold.stack.table.<catalog name>}, {@code safehold.stack.topic},
 * {@code safehold.stack.dataKey}, {@code safehold.stack.blindIndexKey}; then CloudFormation is not asked).
 * Queues and whole tables a test needs are its own, created next to the stack and deleted after the run: the
 * deployed queues have consumers, and the deployed settings table holds the platform's settings.
 *
 * <p>Meant for a stack deployed for testing: the tests write items with fresh random ids into its tables and
 * publish to its topic.
 */
final class AwsStackTarget extends ScratchingTarget {

    static final String STACK = "safehold.stack";
    static final String REGION = "safehold.stack.region";
    static final String TABLE = "safehold.stack.table.";
    static final String TOPIC = "safehold.stack.topic";
    static final String DATA_KEY = "safehold.stack.dataKey";
    static final String BLIND_INDEX_KEY = "safehold.stack.blindIndexKey";

    private final String stack;
    private final Function<String, String> properties;
    private final AwsClients.Settings settings;
    private final Memoized<StackResources> resources;
    private final Memoized<CloudFormationClient> cloudFormation;
    private final Memoized<DynamoDbClient> dynamoDb;
    private final Memoized<SqsClient> sqs;
    private final Memoized<SnsClient> sns;
    private final Memoized<KmsClient> kms;

    private AwsStackTarget(String stack, Function<String, String> properties, AwsClients.Settings settings) {
        this.stack = stack;
        this.properties = properties;
        this.settings = settings;
        this.cloudFormation = Memoized.of(() -> AwsClients.build(CloudFormationClient.builder(), settings));
        this.resources = Memoized.of(() -> StackResources.read(cloudFormation.get(), stack));
        this.dynamoDb = Memoized.of(() -> AwsClients.dynamoDb(settings));
        this.sqs = Memoized.of(() -> AwsClients.sqs(settings));
        this.sns = Memoized.of(() -> AwsClients.sns(settings));
        this.kms = Memoized.of(() -> AwsClients.kms(settings));
    }

    /** The target from the system properties, the default credentials chain and the default region chain. */
    static Selection open() {
        return open(System::getProperty, () -> DefaultCredentialsProvider.builder().build(),
                () -> new DefaultAwsRegionProviderChain().getRegion(), AwsClients.httpClient());
    }

    /**
     * Skipped (not failed) without a stack name or without credentials: a machine that cannot reach AWS runs the
     * build green. With both, anything else missing is a mistake and fails: the region, or a stack without the
     * resources.
     */
    static Selection open(Function<String, String> properties, Supplier<AwsCredentialsProvider> credentialsChain,
            Supplier<Region> regionChain, SdkHttpClient http) {
        String stack = properties.apply(STACK);
        if (stack == null || stack.isBlank()) {
            return Selection.unavailable("no stack named: -Paws runs the contract tests against a deployed stack, "
                    + "-D" + STACK + "=<stack name> (one deployed for testing, never production)");
        }
        AwsCredentialsProvider credentials = credentialsChain.get();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            return Selection.unavailable("no AWS credentials for stack " + stack + " (the SDK's default chain: "
                    + "environment, system properties, profile, SSO, container, instance): " + firstLine(e.getMessage()));
        }
        Region region;
        String configured = properties.apply(REGION);
        if (configured != null && !configured.isBlank()) {
            region = Region.of(configured);
        } else {
            try {
                region = regionChain.get();
            } catch (SdkClientException e) {
                throw new IllegalStateException("AWS credentials were found but no region for stack " + stack
                        + ": set AWS_REGION, a region in the profile, or -D" + REGION + "=<region>", e);
            }
        }
        return Selection.ready(new AwsStackTarget(stack.strip(), properties,
                new AwsClients.Settings(region, credentials, null, http)));
    }

    /** The SDK's answer without the list of every provider it tried, which runs to a page. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        int providers = line.indexOf(" AwsCredentialsProviderChain(");
        return providers < 0 ? line : line.substring(0, providers);
    }

    @Override
    public String description() {
        return "stack " + stack + " in " + settings.region();
    }

    @Override
    public Optional<String> missing(Service service) {
        return Optional.empty();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    @Override
    public String tableName(TableDef table) {
        String property = TABLE + table.name();
        return named(property).orElseGet(() -> resources.get().table(table, property));
    }

    @Override
    public SqsClient sqs() {
        return sqs.get();
    }

    @Override
    public SnsClient sns() {
        return sns.get();
    }

    @Override
    public String eventsTopicArn() {
        return named(TOPIC).orElseGet(() -> resources.get().output(StackResources.EVENTS_TOPIC_OUTPUT, TOPIC));
    }

    @Override
    public KmsClient kms() {
        return kms.get();
    }

    @Override
    public String dataKeyId() {
        return named(DATA_KEY).orElseGet(() -> resources.get().output(StackResources.DATA_KEY_OUTPUT, DATA_KEY));
    }

    @Override
    public String blindIndexKeyId() {
        return named(BLIND_INDEX_KEY).orElseGet(() -> resources.get().blindIndexKey(BLIND_INDEX_KEY));
    }

    private Optional<String> named(String property) {
        return Optional.ofNullable(properties.apply(property)).filter(v -> !v.isBlank()).map(String::strip);
    }

    /** The stack's name, shortened so that queue names stay within SQS's 80 characters. */
    @Override
    protected String scratchPrefix() {
        String base = stack.replaceAll("[^A-Za-z0-9-]", "-");
        return (base.length() > 24 ? base.substring(0, 24) : base) + "-";
    }

    @Override
    protected boolean removesScratchResources() {
        return true;
    }

    @Override
    protected void closeTarget() {
        settings.httpClient().close();
    }
}
