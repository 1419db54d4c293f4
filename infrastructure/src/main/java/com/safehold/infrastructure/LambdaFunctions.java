package com.safehold.infrastructure;

import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.TableDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.constructs.Construct;

/**
 * One Lambda function per {@link FunctionDef}, each with its own log group and its own role. The role
 * starts with nothing but write access to that log group (instead of the AWSLambdaBasicExecutionRole
 * managed policy, which allows writing to every log group); table and key grants follow the catalog entry
 * exactly. Queue grants are added by {@link MessageQueues}.
 *
 * <p>Every function runs with SnapStart, which applies only to published versions: each deploy that changes a
 * function publishes a version and moves the function's alias {@value #ALIAS} to it, and every invoker (API
 * routes, queue consumers, schedules) names that alias, never the function itself ({@code $LATEST}). See
 * docs/decisions/0015-snapstart-and-priming.md.
 */
final class LambdaFunctions extends Construct {

    /**
     * C1 only: most invocations are short, so a fast JIT warm-up beats peak throughput
     * (docs/decisions/0006-function-sizing.md).
     */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** Environment variable with the key ARN; the function's KMS adapter reads it. */
    static final String KMS_KEY_VARIABLE = FunctionDef.KMS_KEY_VARIABLE;

    private static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    /** The alias every invoker names; it follows the newest published version. */
    static final String ALIAS = "live";

    /** A function and the alias through which it is invoked. */
    private record Deployed(Function function, Alias alias) {}

    private final Map<FunctionDef, Deployed> functions = new LinkedHashMap<>();

    /**
     * What functions may get beyond their tables: the user pool and the blind-index key (account
     * administration), the events topic (notifications), the payment provider's name (escrow).
     */
    record Integrations(UserDirectory users, IKey blindIndexKey, ITopic events, String paymentProvider, Voice voice) {}

    /**
     * Where verification calls come from (SPEC 4.8): the configuration set and the origination phone number id
     * (stack parameters) and the price cap per minute (CDK context {@code voiceMaxPricePerMinute}).
     */
    record Voice(String configurationSet, String originationPhoneNumberId, String maxPricePerMinute) {}

    LambdaFunctions(Construct scope, String id, List<FunctionDef> definitions, Path repoRoot, DataTables tables,
            IKey key, Integrations integrations) {
        super(scope, id);
        for (FunctionDef definition : definitions) {
            functions.put(definition, create(definition, repoRoot, tables, key, integrations));
        }
    }

    /** The function itself: for grants, environment variables and cdk-nag, never as an invoke target. */
    Function function(FunctionDef definition) {
        return deployed(definition).function();
    }

    /** What invokers name: the alias of the newest published version, the one SnapStart restores. */
    Alias alias(FunctionDef definition) {
        return deployed(definition).alias();
    }

    private Deployed deployed(FunctionDef definition) {
        Deployed deployed = functions.get(definition);
        if (deployed == null) {
            throw new IllegalArgumentException("function " + definition.name() + " is not in the catalog");
        }
        return deployed;
    }

    private Deployed create(FunctionDef definition, Path repoRoot, DataTables tables, IKey key, Integrations integrations) {
        String id = definition.constructId();
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .retention(LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Safehold function " + definition.name() + ": its log group and its catalog grants only")
                .inlinePolicies(Map.of("WriteOwnLogs", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create()
                                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                                .resources(List.of(logGroup.getLogGroupArn()))
                                .build()))
                        .build()))
                .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(KMS_KEY_VARIABLE, key.getKeyArn());
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        for (TableDef table : definition.tables().keySet()) {
            environment.put(table.environmentVariable(), tables.table(table).getTableName());
        }
        if (definition.managesAccounts() || definition.deletesAccounts()) {
            environment.put(FunctionDef.USER_POOL_VARIABLE, integrations.users().userPool().getUserPoolId());
            environment.put(FunctionDef.USER_POOL_CLIENT_VARIABLE,
                    integrations.users().appClient().getUserPoolClientId());
        }
        if (definition.computesBlindIndexes()) {
            environment.put(FunctionDef.HMAC_KEY_VARIABLE, integrations.blindIndexKey().getKeyArn());
        }
        if (definition.placesCalls()) {
            environment.put(FunctionDef.VOICE_ORIGINATION_VARIABLE, voiceArn("phone-number",
                    integrations.voice().originationPhoneNumberId()));
            environment.put(FunctionDef.VOICE_CONFIGURATION_SET_VARIABLE, integrations.voice().configurationSet());
            environment.put(FunctionDef.VOICE_MAX_PRICE_VARIABLE, integrations.voice().maxPricePerMinute());
        }
        if (definition.publishesEvents()) {
            environment.put(FunctionDef.EVENTS_TOPIC_VARIABLE, integrations.events().getTopicArn());
        }
        if (definition.movesMoney()) {
            environment.put(FunctionDef.PAYMENT_PROVIDER_VARIABLE, integrations.paymentProvider());
        }

        Function function = Function.Builder.create(this, id)
                .description("Safehold " + definition.name() + " (" + definition.handlerClass() + ")")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(functionJar(repoRoot, definition).toString()))
                .handler(definition.lambdaHandler())
                .memorySize(definition.memoryMb())
                .timeout(Duration.seconds(definition.timeoutSeconds()))
                .role(role)
                .logGroup(logGroup)
                .environment(environment)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                // Old versions are never invoked again (every invoker names the alias) and would only fill the
                // account's code storage; CloudFormation removes one after the alias has moved off it.
                .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        // The version's logical id hashes the function's code and configuration (environment variables added
        // later by MessageQueues included), so any change publishes a new version and moves the alias.
        Alias alias = Alias.Builder.create(this, id + "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .description("Safehold " + definition.name() + ": the published version every invoker calls")
                .build();

        definition.tables().forEach((tableDef, access) -> {
            Table table = tables.table(tableDef);
            switch (access) {
                case READ -> table.grantReadData(function);
                case READ_WRITE -> table.grantReadWriteData(function);
            }
        });
        if (definition.usesFieldCipher()) {
            // Envelope encryption of personal fields: a fresh data key per write, decrypt on read. Nothing else.
            key.grant(function, "kms:GenerateDataKey", "kms:Decrypt");
        }
        if (definition.managesAccounts()) {
            integrations.users().grantAccountAdministration(function);
        }
        if (definition.computesBlindIndexes()) {
            integrations.blindIndexKey().grant(function, "kms:GenerateMac");
        }
        if (definition.placesCalls()) {
            // SendVoiceMessage only, only from Safehold's number and through its configuration set.
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(function)
                    .actions(List.of("sms-voice:SendVoiceMessage"))
                    .resourceArns(List.of(voiceArn("phone-number", integrations.voice().originationPhoneNumberId()),
                            voiceArn("configuration-set", integrations.voice().configurationSet())))
                    .build());
        }
        if (definition.deletesAccounts()) {
            integrations.users().grantAccountDeletion(function);
        }
        if (definition.publishesEvents()) {
            integrations.events().grantPublish(function);
        }
        return new Deployed(function, alias);
    }

    private String voiceArn(String resourceType, String name) {
        return Stack.of(this).formatArn(ArnComponents.builder().service("sms-voice").resource(resourceType)
                .resourceName(name).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    private static Path functionJar(Path repoRoot, FunctionDef definition) {
        Path jar = repoRoot.resolve(definition.jarPath());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("function jar " + jar + " is missing: build the functions first"
                    + " (./safehold test, or mvn package from the repository root)");
        }
        return jar;
    }
}
