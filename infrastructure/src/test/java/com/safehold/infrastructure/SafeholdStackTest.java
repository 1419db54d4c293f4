package com.safehold.infrastructure;

import static com.safehold.infrastructure.SynthesizedTemplate.integer;
import static com.safehold.infrastructure.SynthesizedTemplate.list;
import static com.safehold.infrastructure.SynthesizedTemplate.map;
import static com.safehold.infrastructure.SynthesizedTemplate.referencedLogicalIds;
import static com.safehold.infrastructure.SynthesizedTemplate.statementsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Functions;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.settings.PasswordPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The stack for the real catalog, synthesized once into {@code infrastructure/cdk.out} (the template
 * {@code cdk deploy} and {@code sam local invoke -t} use).
 */
class SafeholdStackTest {

    private static final Path CDK_OUT = Path.of("cdk.out").toAbsolutePath();
    private static final Catalog CATALOG = Catalog.safehold();

    private static SafeholdStack stack;
    private static SynthesizedTemplate template;

    @BeforeAll
    static void synthesize() throws IOException {
        deleteRecursively(CDK_OUT); // stale asset copies pile up otherwise, and the file test must see this run's output
        App app = SafeholdApp.newApp(CDK_OUT.toString());
        stack = SafeholdApp.define(app, CATALOG, SafeholdApp.repositoryRoot(Path.of("").toAbsolutePath()));
        CloudAssembly assembly = app.synth();
        template = new SynthesizedTemplate(stack,
                Template.fromJSON(map(assembly.getStackByName(SafeholdApp.STACK_ID).getTemplate())));
    }

    @Test
    void writesTheTemplateToCdkOut() throws Exception {
        Path file = CDK_OUT.resolve(SafeholdApp.STACK_ID + ".template.json");
        assertThat(file).isRegularFile();
        assertThat(Files.readString(file)).contains("AWS::Lambda::Function", "AWS::DynamoDB::Table");
    }

    @Test
    void passesCdkNagAwsSolutionsWithoutUnsuppressedFindings() {
        SynthesizedTemplate.assertNoCdkNagFindings(stack);
    }

    @Test
    void everyTableIsOnDemandRecoverableRetainedAndEncryptedWithTheStackKey_butThePersonKeysHaveNoBackups() {
        String keyId = template.logicalId(stack.key());
        String personKeys = template.logicalId(stack.table(Tables.KEYS));
        Map<String, Map<String, Object>> tables = template.resourcesOfType("AWS::DynamoDB::Table");
        assertThat(tables).hasSize(CATALOG.tables().size()).containsKey(personKeys);
        tables.forEach((id, table) -> {
            Map<String, Object> properties = map(table.get("Properties"));
            assertThat(map(properties.get("PointInTimeRecoverySpecification")))
                    .as(id).containsEntry("PointInTimeRecoveryEnabled", !id.equals(personKeys));
            Map<String, Object> sse = map(properties.get("SSESpecification"));
            assertThat(sse).as(id).containsEntry("SSEEnabled", true).containsEntry("SSEType", "KMS");
            assertThat(referencedLogicalIds(sse.get("KMSMasterKeyId"))).as(id).containsExactly(keyId);
            assertThat(properties).as(id)
                    .containsEntry("BillingMode", "PAY_PER_REQUEST")
                    .containsEntry("DeletionProtectionEnabled", true)
                    .doesNotContainKey("TableName");
            assertThat(table).as(id).containsEntry("DeletionPolicy", "Retain");
        });
    }

    @Test
    void tablesHaveTheCatalogKeysAndTtl() {
        for (TableDef definition : CATALOG.tables()) {
            Map<String, Object> properties = template.properties(template.logicalId(stack.table(definition)));
            List<Map<String, String>> keys = new java.util.ArrayList<>(List.of(
                    Map.of("AttributeName", definition.partitionKey(), "KeyType", "HASH")));
            if (definition.sortKey() != null) {
                keys.add(Map.of("AttributeName", definition.sortKey(), "KeyType", "RANGE"));
            }
            assertThat(list(properties.get("KeySchema"))).as(definition.name()).containsExactlyElementsOf(keys);
            assertThat(list(properties.getOrDefault("GlobalSecondaryIndexes", List.of()))).as(definition.name())
                    .extracting(index -> map(index).get("IndexName"))
                    .containsExactlyElementsOf(definition.indexes().stream().map(TableDef.IndexDef::name).toList());
            if (definition.ttlAttribute() == null) {
                assertThat(properties).as(definition.name()).doesNotContainKey("TimeToLiveSpecification");
            } else {
                assertThat(map(properties.get("TimeToLiveSpecification"))).as(definition.name())
                        .containsEntry("AttributeName", definition.ttlAttribute())
                        .containsEntry("Enabled", true);
            }
        }
    }

    @Test
    void keyRotatesAndIsRetained() {
        Map<String, Object> key = template.resource(template.logicalId(stack.key()));
        assertThat(map(key.get("Properties"))).containsEntry("EnableKeyRotation", true);
        assertThat(key).containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void functionsRunJava25OnArmWithTheirCatalogSizingAndEnvironment() {
        assertThat(template.resourcesOfType("AWS::Lambda::Function")).hasSize(CATALOG.functions().size());
        String keyId = template.logicalId(stack.key());
        for (FunctionDef definition : CATALOG.functions()) {
            Map<String, Object> properties = template.properties(template.logicalId(stack.function(definition)));
            assertThat(properties).as(definition.name())
                    .containsEntry("Runtime", "java25")
                    .containsEntry("Handler", definition.lambdaHandler())
                    .doesNotContainKey("FunctionName");
            assertThat(list(properties.get("Architectures"))).as(definition.name()).containsExactly("arm64");
            assertThat(integer(properties.get("MemorySize"))).as(definition.name()).isEqualTo(definition.memoryMb());
            assertThat(integer(properties.get("Timeout"))).as(definition.name()).isEqualTo(definition.timeoutSeconds());

            Map<String, Object> variables = map(map(properties.get("Environment")).get("Variables"));
            assertThat(variables).as(definition.name())
                    .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
            assertThat(referencedLogicalIds(variables.get("SAFEHOLD_KMS_KEY_ID"))).containsExactly(keyId);
            Set<String> tableVariables = variables.keySet().stream()
                    .filter(variable -> variable.startsWith("SAFEHOLD_TABLE_")).collect(Collectors.toSet());
            assertThat(tableVariables).as(definition.name()).isEqualTo(definition.tables().keySet().stream()
                    .map(TableDef::environmentVariable).collect(Collectors.toSet()));
            definition.tables().keySet().forEach(table -> assertThat(variables.get(table.environmentVariable()))
                    .as(table.environmentVariable())
                    .isEqualTo(Map.of("Ref", template.logicalId(stack.table(table)))));

            String logGroupId = (String) map(map(properties.get("LoggingConfig")).get("LogGroup")).get("Ref");
            assertThat(template.properties(logGroupId)).containsEntry("RetentionInDays", 30);
        }
    }

    @Test
    void everyFunctionRunsWithSnapStart_andHasALiveAliasOnAPublishedVersion() {
        new PublishedVersions(template, stack, CATALOG).assertEveryFunctionHasSnapStartAndALiveAlias();
    }

    @Test
    void everyRouteQueueAndScheduleInvokesTheAlias_neverLatest() {
        new PublishedVersions(template, stack, CATALOG).assertEveryInvokerNamesTheAlias();
    }

    @Test
    void everyFunctionRoleGrantsOnlyWhatItsCatalogEntryLists() {
        new LeastPrivilege(template, stack, CATALOG).assertEveryFunction();
    }

    @Test
    void noRoleUsesManagedPolicies() {
        template.resourcesOfType("AWS::IAM::Role").forEach((id, role) ->
                assertThat(map(role.get("Properties"))).as(id).doesNotContainKey("ManagedPolicyArns"));
    }

    @Test
    void theApiHasExactlyTheCatalogRoutes() {
        Map<String, Map<String, Object>> routes = template.resourcesOfType("AWS::ApiGatewayV2::Route");
        Set<String> routeKeys = routes.values().stream()
                .map(route -> (String) map(route.get("Properties")).get("RouteKey"))
                .collect(Collectors.toSet());
        assertThat(routeKeys).hasSize(routes.size())
                .isEqualTo(CATALOG.routes().stream().map(RouteDef::routeKey).collect(Collectors.toSet()));
        assertThat(routeKeys).noneMatch(key -> key.contains("/local/") || key.contains("/health"));
    }

    @Test
    void jwtRoutesAreGuardedByTheCognitoAuthorizer() {
        Map<String, Map<String, Object>> authorizers = template.resourcesOfType("AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        String authorizerId = authorizers.keySet().iterator().next();
        Map<String, Object> authorizer = map(authorizers.get(authorizerId).get("Properties"));
        assertThat(authorizer).containsEntry("AuthorizerType", "JWT");
        Map<String, Object> jwt = map(authorizer.get("JwtConfiguration"));
        assertThat(list(jwt.get("Audience")))
                .containsExactly(Map.of("Ref", template.logicalId(stack.appClient())));
        assertThat(jwt.get("Issuer").toString()).contains("https://cognito-idp.", ".amazonaws.com/",
                template.logicalId(stack.userPool()));

        Map<String, RouteDef.Auth> authByKey = CATALOG.routes().stream()
                .collect(Collectors.toMap(RouteDef::routeKey, RouteDef::auth));
        template.resourcesOfType("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<String, Object> properties = map(route.get("Properties"));
            String key = (String) properties.get("RouteKey");
            if (authByKey.get(key) == RouteDef.Auth.JWT) {
                assertThat(properties).as(key).containsEntry("AuthorizationType", "JWT")
                        .containsEntry("AuthorizerId", Map.of("Ref", authorizerId))
                        // only access tokens carry this scope; id tokens would otherwise pass the audience check
                        .containsEntry("AuthorizationScopes", List.of("aws.cognito.signin.user.admin"));
            } else {
                assertThat(properties.getOrDefault("AuthorizationType", "NONE")).as(key).isEqualTo("NONE");
            }
        });
    }

    @Test
    void theDefaultStageLogsAccessAndThrottles() {
        Map<String, Map<String, Object>> stages = template.resourcesOfType("AWS::ApiGatewayV2::Stage");
        assertThat(stages).hasSize(1);
        Map<String, Object> stage = map(stages.values().iterator().next().get("Properties"));
        assertThat(stage).containsEntry("StageName", "$default").containsEntry("AutoDeploy", true);
        Map<String, Object> accessLogs = map(stage.get("AccessLogSettings"));
        String destination = referencedLogicalIds(accessLogs.get("DestinationArn")).iterator().next();
        assertThat(template.resource(destination)).containsEntry("Type", "AWS::Logs::LogGroup");
        assertThat(template.properties(destination)).containsEntry("RetentionInDays", 30); // docs/personal-data.md
        assertThat((String) accessLogs.get("Format")).contains("$context.requestId")
                .doesNotContain("$context.authorizer.claims");
        Map<String, Object> throttling = map(stage.get("DefaultRouteSettings"));
        assertThat(integer(throttling.get("ThrottlingRateLimit"))).isPositive();
        assertThat(integer(throttling.get("ThrottlingBurstLimit"))).isPositive();
    }

    @Test
    void userPoolAllowsOnlyAdminCreatedAccountsWithOptionalTotp() {
        Map<String, Object> pool = template.properties(template.logicalId(stack.userPool()));
        assertThat(pool).containsEntry("MfaConfiguration", "OPTIONAL");
        assertThat(list(pool.get("EnabledMfas"))).containsExactly("SOFTWARE_TOKEN_MFA");
        assertThat(map(pool.get("AdminCreateUserConfig"))).containsEntry("AllowAdminCreateUserOnly", true);
        assertThat(list(pool.get("UsernameAttributes"))).containsExactly("email");
        // the floor under the configurable rules: never stricter than a valid setting
        Map<String, Object> password = map(map(pool.get("Policies")).get("PasswordPolicy"));
        assertThat(integer(password.get("MinimumLength"))).isEqualTo(PasswordPolicy.FLOOR_MIN_LENGTH);
        assertThat(password).containsEntry("RequireUppercase", false).containsEntry("RequireLowercase", false)
                .containsEntry("RequireNumbers", false).containsEntry("RequireSymbols", false)
                .doesNotContainKey("PasswordHistorySize")
                .containsKey("TemporaryPasswordValidityDays");
        assertThat(pool).containsEntry("UserPoolTier", "PLUS"); // threat protection needs the Plus plan
        assertThat(map(pool.get("UserPoolAddOns"))).containsEntry("AdvancedSecurityMode", "ENFORCED");
        assertThat(template.resource(template.logicalId(stack.userPool()))).containsEntry("DeletionPolicy", "Retain");

        Set<String> groups = template.resourcesOfType("AWS::Cognito::UserPoolGroup").values().stream()
                .map(group -> (String) map(group.get("Properties")).get("GroupName"))
                .collect(Collectors.toSet());
        assertThat(groups).containsExactlyInAnyOrder("customer", "provider", "merchant", "admin", "support");
    }

    @Test
    void appClientAllowsNoPublicAuthFlow() {
        Map<String, Map<String, Object>> clients = template.resourcesOfType("AWS::Cognito::UserPoolClient");
        assertThat(clients).hasSize(1);
        Map<String, Object> client = map(clients.values().iterator().next().get("Properties"));
        assertThat(list(client.get("ExplicitAuthFlows")))
                .containsExactlyInAnyOrder("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
        assertThat(client.getOrDefault("AllowedOAuthFlowsUserPoolClient", false)).isEqualTo(false);
        assertThat(client).doesNotContainKey("AllowedOAuthFlows")
                .containsEntry("GenerateSecret", true)
                .containsEntry("PreventUserExistenceErrors", "ENABLED")
                .containsEntry("EnableTokenRevocation", true);
        assertThat(integer(client.get("AccessTokenValidity"))).isEqualTo(60);
        assertThat(integer(client.get("IdTokenValidity"))).isEqualTo(60);
        assertThat(integer(client.get("RefreshTokenValidity"))).isEqualTo(30 * 24 * 60);
        assertThat(map(client.get("TokenValidityUnits")))
                .containsEntry("AccessToken", "minutes").containsEntry("IdToken", "minutes");
    }

    /** Issue 8: the configuration set is chosen at deploy time, and only the calls worker is told which. */
    @Test
    void theVoiceConfigurationSetIsAStackParameter_andTheCallsFunctionGetsItByRef() {
        Map<String, Object> parameters = map(template.template().toJSON().get("Parameters"));
        assertThat(map(parameters.get("VoiceConfigurationSet"))).containsEntry("Type", "String")
                .containsEntry("Default", "safehold-verification");
        Map<String, Object> calls = template.properties(template.logicalId(stack.function(Functions.CALLS)));
        Map<String, Object> callsEnv = map(map(calls.get("Environment")).get("Variables"));
        assertThat(callsEnv.get(FunctionDef.VOICE_CONFIGURATION_SET_VARIABLE))
                .isEqualTo(Map.of("Ref", "VoiceConfigurationSet"));
        assertThat(referencedLogicalIds(callsEnv.get(FunctionDef.VOICE_ORIGINATION_VARIABLE)))
                .contains("VoiceOriginationPhoneNumberId");
        Map<String, Object> api = template.properties(template.logicalId(stack.function(Functions.VERIFICATION)));
        assertThat(map(map(api.get("Environment")).get("Variables")))
                .doesNotContainKeys(FunctionDef.VOICE_CONFIGURATION_SET_VARIABLE, FunctionDef.VOICE_ORIGINATION_VARIABLE);
    }

    @Test
    void onlyTheAuthFunctionKnowsTheUserPool_andItsHmacKeyComputesMacsOnly() {
        Map<String, Object> auth = template.properties(template.logicalId(stack.function(Functions.AUTH)));
        Map<String, Object> authEnv = map(map(auth.get("Environment")).get("Variables"));
        assertThat(authEnv).containsKeys(FunctionDef.USER_POOL_VARIABLE, FunctionDef.USER_POOL_CLIENT_VARIABLE,
                FunctionDef.HMAC_KEY_VARIABLE);
        assertThat(authEnv.toString()).doesNotContainIgnoringCase("secret");
        Map<String, Object> offers = template.properties(template.logicalId(stack.function(Functions.OFFERS)));
        assertThat(map(map(offers.get("Environment")).get("Variables"))).doesNotContainKeys(
                FunctionDef.USER_POOL_VARIABLE, FunctionDef.USER_POOL_CLIENT_VARIABLE, FunctionDef.HMAC_KEY_VARIABLE);

        Map<String, Object> hmacKey = template.properties(template.logicalId(stack.blindIndexKey()));
        assertThat(hmacKey).containsEntry("KeySpec", "HMAC_256").containsEntry("KeyUsage", "GENERATE_VERIFY_MAC");
        assertThat(template.resource(template.logicalId(stack.blindIndexKey()))).containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void eventsTopicIsEncryptedAndRefusesPlainHttp() {
        String topicId = template.logicalId(stack.eventsTopic());
        assertThat(referencedLogicalIds(template.properties(topicId).get("KmsMasterKeyId")))
                .containsExactly(template.logicalId(stack.key()));
        assertThat(template.resourcesOfType("AWS::SNS::TopicPolicy").values())
                .anySatisfy(policy -> {
                    Map<String, Object> properties = map(policy.get("Properties"));
                    assertThat(referencedLogicalIds(properties.get("Topics"))).containsExactly(topicId);
                    assertThat(statementsOf(properties.get("PolicyDocument"))).anySatisfy(statement ->
                            assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Condition",
                                    Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
                });
    }

    @Test
    void outputsTheValuesClientsAndOperatorsNeed() {
        assertThat(template.template().toJSON().get("Outputs")).isInstanceOf(Map.class);
        assertThat(map(template.template().toJSON().get("Outputs")))
                .containsKeys("ApiUrl", "UserPoolId", "UserPoolClientId", "DataKeyArn");
    }

    @Test
    void noQueuesOrSchedulesBeyondTheCatalog() {
        assertThat(template.resourcesOfType("AWS::SQS::Queue")).hasSize(2 * CATALOG.queues().size());
        assertThat(template.resourcesOfType("AWS::Events::Rule")).hasSize(CATALOG.schedules().size());
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
