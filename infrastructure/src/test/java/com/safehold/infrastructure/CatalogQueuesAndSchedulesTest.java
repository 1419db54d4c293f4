package com.safehold.infrastructure;

import static com.safehold.catalog.FunctionDef.Access.READ;
import static com.safehold.catalog.FunctionDef.Access.READ_WRITE;
import static com.safehold.infrastructure.SynthesizedTemplate.integer;
import static com.safehold.infrastructure.SynthesizedTemplate.list;
import static com.safehold.infrastructure.SynthesizedTemplate.map;
import static com.safehold.infrastructure.SynthesizedTemplate.referencedLogicalIds;
import static com.safehold.infrastructure.SynthesizedTemplate.statementsOf;
import static com.safehold.infrastructure.SynthesizedTemplate.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.ScheduleDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The parts of the stack today's catalog does not use yet — queues, schedules, public routes, secondary
 * indexes, the field cipher — synthesized from a test catalog with stand-in function jars.
 */
class CatalogQueuesAndSchedulesTest {

    private static final TableDef BOOKINGS = new TableDef("bookings", "bookingId", null,
            List.of(new TableDef.IndexDef("byCustomer", "customerId", "startsAt")), "purgeAt");

    /** Public API, sends escrow commands, encrypts personal fields. */
    private static final FunctionDef BOOKING = new FunctionDef("booking", "com.example.BookingHandler", 1024, 10,
            Map.of(BOOKINGS, READ_WRITE, Tables.SETTINGS, READ), true);
    /** Consumes escrow commands in order, sends notifications. */
    private static final FunctionDef ESCROW = new FunctionDef("escrow", "com.example.EscrowHandler", 1024, 30,
            Map.of(BOOKINGS, READ_WRITE), false);
    /** Scheduled; consumes notifications; reads bookings only. */
    private static final FunctionDef PURGE = new FunctionDef("purge", "com.example.PurgeHandler", 512, 60,
            Map.of(BOOKINGS, READ), false);

    private static final QueueDef ESCROW_COMMANDS = new QueueDef("escrow-commands", true, ESCROW, List.of(BOOKING),
            10, 5, 180);
    private static final QueueDef NOTIFICATIONS = new QueueDef("notifications", false, PURGE, List.of(ESCROW),
            5, 3, 360);
    private static final ScheduleDef NIGHTLY_PURGE = new ScheduleDef("purge", "cron(0 3 * * ? *)", 1440, PURGE);

    private static final Catalog CATALOG = new Catalog(
            List.of(BOOKINGS, Tables.SETTINGS, Tables.KEYS),
            List.of(BOOKING, ESCROW, PURGE),
            List.of(new RouteDef("POST", "/v1/bookings", BOOKING, RouteDef.Auth.JWT),
                    new RouteDef("POST", "/v1/auth/login", BOOKING, RouteDef.Auth.PUBLIC)),
            List.of(ESCROW_COMMANDS, NOTIFICATIONS),
            List.of(NIGHTLY_PURGE));

    @TempDir
    static Path workDir;

    private static SafeholdStack stack;
    private static SynthesizedTemplate template;

    @BeforeAll
    static void synthesize() throws IOException {
        Path repoRoot = workDir.resolve("repo");
        for (FunctionDef function : CATALOG.functions()) {
            writeStandInJar(repoRoot.resolve(function.jarPath()));
        }
        App app = SafeholdApp.newApp(workDir.resolve("cdk.out").toString());
        stack = SafeholdApp.define(app, CATALOG, repoRoot);
        CloudAssembly assembly = app.synth();
        template = new SynthesizedTemplate(stack,
                Template.fromJSON(map(assembly.getStackByName(SafeholdApp.STACK_ID).getTemplate())));
    }

    @Test
    void passesCdkNagAwsSolutionsWithoutUnsuppressedFindings() {
        SynthesizedTemplate.assertNoCdkNagFindings(stack);
    }

    @Test
    void everyQueueIsEncryptedAndEveryWorkQueueRedrivesToItsDeadLetterQueue() {
        String keyId = template.logicalId(stack.key());
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        assertThat(queues).hasSize(2 * CATALOG.queues().size());
        queues.forEach((id, queue) -> assertThat(referencedLogicalIds(map(queue.get("Properties")).get("KmsMasterKeyId")))
                .as(id).containsExactly(keyId));

        for (QueueDef definition : CATALOG.queues()) {
            String queueId = template.logicalId(stack.queue(definition));
            String deadLetterId = template.logicalId(stack.deadLetterQueue(definition));
            Map<String, Object> queue = template.properties(queueId);
            Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
            assertThat(redrive.get("deadLetterTargetArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(deadLetterId, "Arn")));
            assertThat(integer(redrive.get("maxReceiveCount"))).isEqualTo(definition.maxReceiveCount());
            assertThat(integer(queue.get("VisibilityTimeout"))).isEqualTo(definition.visibilityTimeoutSeconds());

            Map<String, Object> deadLetter = template.properties(deadLetterId);
            assertThat(deadLetter).doesNotContainKey("RedrivePolicy");
            assertThat(integer(deadLetter.get("MessageRetentionPeriod"))).isEqualTo(14 * 24 * 3600);
        }
        // Generically: a queue without a redrive policy must itself be some queue's dead-letter queue.
        Set<String> deadLetterTargets = queues.values().stream()
                .map(queue -> map(queue.get("Properties")).get("RedrivePolicy"))
                .filter(redrive -> redrive != null)
                .flatMap(redrive -> referencedLogicalIds(map(redrive).get("deadLetterTargetArn")).stream())
                .collect(Collectors.toSet());
        assertThat(deadLetterTargets).isSubsetOf(queues.keySet());
        queues.forEach((id, queue) -> assertThat(
                map(queue.get("Properties")).containsKey("RedrivePolicy") || deadLetterTargets.contains(id))
                .as(id + " has a dead-letter queue or is one").isTrue());
    }

    @Test
    void fifoQueuesAndTheirDeadLetterQueuesAreFifoWithExplicitDeduplication() {
        Map<String, Object> queue = template.properties(template.logicalId(stack.queue(ESCROW_COMMANDS)));
        Map<String, Object> deadLetter = template.properties(template.logicalId(stack.deadLetterQueue(ESCROW_COMMANDS)));
        assertThat(queue).containsEntry("FifoQueue", true).containsEntry("ContentBasedDeduplication", false)
                .containsEntry("QueueName", "SafeholdStack-escrow-commands.fifo");
        assertThat(deadLetter).containsEntry("FifoQueue", true)
                .containsEntry("QueueName", "SafeholdStack-escrow-commands-dlq.fifo");

        Map<String, Object> standard = template.properties(template.logicalId(stack.queue(NOTIFICATIONS)));
        assertThat(standard).doesNotContainKey("FifoQueue").containsEntry("QueueName", "SafeholdStack-notifications");
    }

    @Test
    void everyQueueRefusesPlainHttp() {
        Set<String> queuesWithPolicy = template.resourcesOfType("AWS::SQS::QueuePolicy").values().stream()
                .peek(policy -> assertThat(statementsOf(map(policy.get("Properties")).get("PolicyDocument")))
                        .anySatisfy(statement -> assertThat(statement)
                                .containsEntry("Effect", "Deny")
                                .containsEntry("Action", "sqs:*")
                                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))
                .flatMap(policy -> referencedLogicalIds(map(policy.get("Properties")).get("Queues")).stream())
                .collect(Collectors.toSet());
        assertThat(queuesWithPolicy).isEqualTo(template.resourcesOfType("AWS::SQS::Queue").keySet());
    }

    @Test
    void consumersReadTheirQueueInBatchesAndReportPartialFailures() {
        Map<String, Map<String, Object>> mappings = template.resourcesOfType("AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(CATALOG.queues().size());
        for (QueueDef definition : CATALOG.queues()) {
            String queueId = template.logicalId(stack.queue(definition));
            Map<String, Object> mapping = mappings.values().stream()
                    .map(resource -> map(resource.get("Properties")))
                    .filter(properties -> referencedLogicalIds(properties.get("EventSourceArn")).contains(queueId))
                    .findFirst().orElseThrow(() -> new AssertionError("no event source mapping for " + definition.name()));
            assertThat(referencedLogicalIds(mapping.get("FunctionName")))
                    .containsExactly(template.logicalId(stack.alias(definition.consumer())));
            assertThat(integer(mapping.get("BatchSize"))).isEqualTo(definition.batchSize());
            assertThat(list(mapping.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        }
    }

    @Test
    void producersGetTheQueueUrlAndOthersDoNot() {
        for (QueueDef definition : CATALOG.queues()) {
            for (FunctionDef function : CATALOG.functions()) {
                Map<String, Object> variables = map(map(template.properties(template.logicalId(stack.function(function)))
                        .get("Environment")).get("Variables"));
                if (definition.producers().contains(function)) {
                    assertThat(variables.get(definition.environmentVariable())).as(function.name())
                            .isEqualTo(Map.of("Ref", template.logicalId(stack.queue(definition))));
                } else {
                    assertThat(variables).as(function.name()).doesNotContainKey(definition.environmentVariable());
                }
            }
        }
    }

    @Test
    void eachConsumerPolicyNamesOnlyItsOwnQueue() {
        String escrowRole = template.logicalId(stack.function(ESCROW).getRole());
        Set<String> queuesNamedBySqsStatements = template.statementsOfRole(escrowRole).stream()
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(a -> a.startsWith("sqs:")))
                .flatMap(statement -> referencedLogicalIds(statement.get("Resource")).stream())
                .collect(Collectors.toSet());
        // escrow consumes escrow-commands and produces notifications: nothing else, and no dead-letter queue.
        assertThat(queuesNamedBySqsStatements).containsExactlyInAnyOrder(
                template.logicalId(stack.queue(ESCROW_COMMANDS)), template.logicalId(stack.queue(NOTIFICATIONS)));
        assertThat(actionsOnQueue(escrowRole, ESCROW_COMMANDS)).contains("sqs:ReceiveMessage").doesNotContain("sqs:SendMessage");
        assertThat(actionsOnQueue(escrowRole, NOTIFICATIONS)).contains("sqs:SendMessage").doesNotContain("sqs:ReceiveMessage");
    }

    @Test
    void everyFunctionRoleGrantsOnlyWhatItsCatalogEntryLists() {
        new LeastPrivilege(template, stack, CATALOG).assertEveryFunction();
    }

    @Test
    void snapStartEverywhere_andEveryConsumerRouteAndScheduleInvokesTheAlias() {
        PublishedVersions published = new PublishedVersions(template, stack, CATALOG);
        published.assertEveryFunctionHasSnapStartAndALiveAlias();
        published.assertEveryInvokerNamesTheAlias();
    }

    @Test
    void schedulesInvokeTheirTargetFunction() {
        Map<String, Map<String, Object>> rules = template.resourcesOfType("AWS::Events::Rule");
        assertThat(rules).hasSize(1);
        String ruleId = rules.keySet().iterator().next();
        Map<String, Object> rule = map(rules.get(ruleId).get("Properties"));
        // the alias: SnapStart applies to published versions only
        String purgeAliasId = template.logicalId(stack.alias(PURGE));
        assertThat(rule).containsEntry("ScheduleExpression", NIGHTLY_PURGE.expression()).containsEntry("State", "ENABLED");
        assertThat(list(rule.get("Targets"))).singleElement()
                .satisfies(target -> assertThat(map(target).get("Arn")).isEqualTo(Map.of("Ref", purgeAliasId)));
        assertThat(template.resourcesOfType("AWS::Lambda::Permission").values())
                .anySatisfy(permission -> assertThat(map(permission.get("Properties")))
                        .containsEntry("Principal", "events.amazonaws.com")
                        .containsEntry("FunctionName", Map.of("Ref", purgeAliasId))
                        .containsEntry("SourceArn", Map.of("Fn::GetAtt", List.of(ruleId, "Arn"))));
    }

    @Test
    void publicRoutesHaveNoAuthorizerAndJwtRoutesDo() {
        Map<String, Object> byKey = template.resourcesOfType("AWS::ApiGatewayV2::Route").values().stream()
                .map(route -> map(route.get("Properties")))
                .collect(Collectors.toMap(properties -> (String) properties.get("RouteKey"), properties -> properties));
        assertThat(byKey).containsOnlyKeys("POST /v1/bookings", "POST /v1/auth/login");
        assertThat(map(byKey.get("POST /v1/bookings"))).containsEntry("AuthorizationType", "JWT");
        assertThat(map(byKey.get("POST /v1/auth/login")).getOrDefault("AuthorizationType", "NONE")).isEqualTo("NONE");
        assertThat(map(byKey.get("POST /v1/auth/login"))).doesNotContainKey("AuthorizerId")
                .doesNotContainKey("AuthorizationScopes");
    }

    @Test
    void secondaryIndexesAndTtlComeFromTheCatalog() {
        Map<String, Object> table = template.properties(template.logicalId(stack.table(BOOKINGS)));
        assertThat(list(table.get("GlobalSecondaryIndexes"))).singleElement().satisfies(index -> {
            assertThat(map(index)).containsEntry("IndexName", "byCustomer")
                    .containsEntry("Projection", Map.of("ProjectionType", "KEYS_ONLY"));
            assertThat(list(map(index).get("KeySchema"))).containsExactly(
                    Map.of("AttributeName", "customerId", "KeyType", "HASH"),
                    Map.of("AttributeName", "startsAt", "KeyType", "RANGE"));
        });
        assertThat(map(table.get("TimeToLiveSpecification"))).containsEntry("AttributeName", "purgeAt");
    }

    private Set<String> actionsOnQueue(String roleId, QueueDef queue) {
        String queueId = template.logicalId(stack.queue(queue));
        return template.statementsOfRole(roleId).stream()
                .filter(statement -> referencedLogicalIds(statement.get("Resource")).contains(queueId))
                .flatMap(statement -> strings(statement.get("Action")).stream())
                .collect(Collectors.toSet());
    }

    /** Asset staging copies the jar; its content does not matter for synthesis. */
    private static void writeStandInJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("stand-in for a function jar".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
