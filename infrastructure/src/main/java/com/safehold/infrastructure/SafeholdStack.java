package com.safehold.infrastructure;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.TableDef;
import java.nio.file.Path;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Everything Safehold deploys, generated from a {@link Catalog}: one KMS key, the DynamoDB tables, the
 * Lambda functions with their least-privilege roles, SQS queues with dead-letter queues, the SNS
 * {@code events} topic, EventBridge schedules, the Cognito user pool and the HTTP API. Nothing here names a
 * particular function, table or route: adding one to the catalog deploys it, with exactly the grants its
 * catalog entry lists.
 */
public final class SafeholdStack extends Stack {

    private final Key key;
    private final Key blindIndexKey;
    private final DataTables tables;
    private final LambdaFunctions functions;
    private final MessageQueues queues;
    private final Topic eventsTopic;
    private final UserDirectory users;
    private final ApiGateway api;

    /**
     * @param repoRoot repository root; each function's code is {@code repoRoot/}{@link FunctionDef#jarPath()},
     *                 which must exist (build the functions first)
     */
    public SafeholdStack(Construct scope, String id, StackProps props, Catalog catalog, Path repoRoot) {
        super(scope, id, props);

        key = Key.Builder.create(this, "DataKey")
                .description("Safehold: DynamoDB tables, SQS queues, SNS topics and personal fields")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Blind indexes of e-mail addresses (login lockout): an HMAC key that never leaves KMS.
        blindIndexKey = Key.Builder.create(this, "BlindIndexKey")
                .description("Safehold: HMAC for blind indexes of e-mail addresses")
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagJustifications.hmacKeyWithoutRotation(blindIndexKey);
        tables = new DataTables(this, "Tables", catalog.tables(), key);
        // Domain events and notifications (ids and statuses only) fan out from here.
        eventsTopic = Topic.Builder.create(this, "EventsTopic")
                .displayName("Safehold events")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        users = new UserDirectory(this, "Users");
        functions = new LambdaFunctions(this, "Functions", catalog.functions(), repoRoot, tables, key,
                new LambdaFunctions.Integrations(users, blindIndexKey, eventsTopic, paymentProvider(scope), voice(scope)));
        queues = new MessageQueues(this, "Queues", catalog.queues(), getStackName() + "-", functions, key);
        new Schedules(this, "Schedules", catalog.schedules(), functions);
        api = new ApiGateway(this, "Api", catalog.routes(), functions, users);

        for (FunctionDef definition : catalog.functions()) {
            NagJustifications.functionGrants(functions.function(definition), definition, catalog.queues(), tables);
        }

        output("ApiUrl", api.url(), "Base URL of the HTTP API");
        output("UserPoolId", users.userPool().getUserPoolId(), "Cognito user pool id");
        output("UserPoolClientId", users.appClient().getUserPoolClientId(), "Cognito app client id (JWT audience)");
        output("DataKeyArn", key.getKeyArn(), "KMS key for tables, queues, topics and personal fields");
        output("EventsTopicArn", eventsTopic.getTopicArn(), "SNS topic for domain events");
    }

    /**
     * The payment provider adapter the escrow worker uses: CDK context {@code paymentProvider}. Only the
     * sandbox exists so far, so it is the default; a real provider needs its adapter first (decision 0009).
     */
    private static String paymentProvider(Construct scope) {
        Object configured = scope.getNode().tryGetContext("paymentProvider");
        return configured == null ? "sandbox" : configured.toString();
    }

    /**
     * The verification calls' origin: parameters {@code VoiceConfigurationSet} and
     * {@code VoiceOriginationPhoneNumberId} (set at deploy), and the price cap from CDK context
     * {@code voiceMaxPricePerMinute} (USD per minute, default 0.10).
     */
    private LambdaFunctions.Voice voice(Construct scope) {
        CfnParameter configurationSet = CfnParameter.Builder.create(this, "VoiceConfigurationSet")
                .type("String").defaultValue("safehold-verification")
                .description("SMS & Voice v2 configuration set the verification calls go through").build();
        CfnParameter origination = CfnParameter.Builder.create(this, "VoiceOriginationPhoneNumberId")
                .type("String").defaultValue("phone-not-configured")
                .allowedPattern("phone-[A-Za-z0-9-]+")
                .description("SMS & Voice v2 phone number id (phone-...) the verification calls come from").build();
        Object price = scope.getNode().tryGetContext("voiceMaxPricePerMinute");
        return new LambdaFunctions.Voice(configurationSet.getValueAsString(), origination.getValueAsString(),
                price == null ? "0.10" : price.toString());
    }

    /** The HMAC key of blind indexes. */
    public Key blindIndexKey() {
        return blindIndexKey;
    }

    /** The customer-managed key that encrypts tables, queues, the topic and personal fields. */
    public Key key() {
        return key;
    }

    public Table table(TableDef definition) {
        return tables.table(definition);
    }

    public Function function(FunctionDef definition) {
        return functions.function(definition);
    }

    /** The alias ({@code live}) every invoker of the function names. */
    public Alias alias(FunctionDef definition) {
        return functions.alias(definition);
    }

    public Queue queue(QueueDef definition) {
        return queues.queue(definition).queue();
    }

    public Queue deadLetterQueue(QueueDef definition) {
        return queues.queue(definition).deadLetterQueue();
    }

    public Topic eventsTopic() {
        return eventsTopic;
    }

    public UserPool userPool() {
        return users.userPool();
    }

    public UserPoolClient appClient() {
        return users.appClient();
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
