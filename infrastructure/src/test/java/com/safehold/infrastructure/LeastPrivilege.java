package com.safehold.infrastructure;

import static com.safehold.infrastructure.SynthesizedTemplate.map;
import static com.safehold.infrastructure.SynthesizedTemplate.oneOrMany;
import static com.safehold.infrastructure.SynthesizedTemplate.referencedLogicalIds;
import static com.safehold.infrastructure.SynthesizedTemplate.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.FunctionDef.Access;
import com.safehold.catalog.QueueDef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, for every function of a catalog, that its role may do exactly what its catalog entry says: only
 * its own tables (writes only where the entry says READ_WRITE), only its own queues (send as producer,
 * receive as consumer), the stack key only with the actions those grants need (plus data-key generation
 * when it uses the field cipher), and logs only to its own log group. No statement names {@code "*"}.
 */
final class LeastPrivilege {

    static final Set<String> TABLE_READ = Set.of("dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query",
            "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator");
    static final Set<String> TABLE_WRITE = Set.of("dynamodb:BatchWriteItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    static final Set<String> KEY_READ = Set.of("kms:Decrypt", "kms:DescribeKey");
    static final Set<String> KEY_WRITE = Set.of("kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*");
    static final Set<String> FIELD_CIPHER = Set.of("kms:GenerateDataKey", "kms:Decrypt");
    static final Set<String> QUEUE_CONSUME = Set.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    static final Set<String> QUEUE_SEND = Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");

    static final Set<String> ACCOUNT_ADMINISTRATION = Set.of("cognito-idp:AdminCreateUser",
            "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminInitiateAuth",
            "cognito-idp:DescribeUserPoolClient");
    static final Set<String> ACCOUNT_DELETION = Set.of("cognito-idp:AdminGetUser", "cognito-idp:AdminDeleteUser");
    static final Set<String> BLIND_INDEX = Set.of("kms:GenerateMac");
    static final Set<String> VOICE = Set.of("sms-voice:SendVoiceMessage");
    /** What an SMS & Voice ARN is built from: the pseudo parameters and the two voice stack parameters. */
    static final Set<String> VOICE_REFERENCES = Set.of("AWS::Partition", "AWS::Region", "AWS::AccountId",
            "VoiceConfigurationSet", "VoiceOriginationPhoneNumberId");
    static final Set<String> PUBLISH = Set.of("sns:Publish");

    private static final List<String> DATA_SERVICES = List.of("dynamodb:", "sqs:", "kms:", "sns:", "cognito-idp:");

    private final SynthesizedTemplate template;
    private final SafeholdStack stack;
    private final Catalog catalog;
    private final String keyId;
    private final String blindIndexKeyId;
    private final String userPoolId;
    private final String topicId;

    LeastPrivilege(SynthesizedTemplate template, SafeholdStack stack, Catalog catalog) {
        this.template = template;
        this.stack = stack;
        this.catalog = catalog;
        this.keyId = template.logicalId(stack.key());
        this.blindIndexKeyId = template.logicalId(stack.blindIndexKey());
        this.userPoolId = template.logicalId(stack.userPool());
        this.topicId = template.logicalId(stack.eventsTopic());
    }

    void assertEveryFunction() {
        assertThat(catalog.functions()).isNotEmpty();
        catalog.functions().forEach(this::assertFunction);
    }

    private void assertFunction(FunctionDef function) {
        String name = "function " + function.name();
        String roleId = template.logicalId(stack.function(function).getRole());
        String logGroupId = map(template.properties(template.logicalId(stack.function(function)))
                .get("LoggingConfig")).get("LogGroup") instanceof Map<?, ?> ref ? (String) ref.get("Ref") : null;
        assertThat(logGroupId).as(name + " logs to its own log group").isNotNull();

        Map<String, Access> tableAccess = new HashMap<>();
        function.tables().forEach((table, access) -> tableAccess.put(template.logicalId(stack.table(table)), access));
        Set<String> consumedQueues = queueIds(catalog.queues().stream()
                .filter(queue -> queue.consumer().equals(function)).toList());
        Set<String> producedQueues = queueIds(catalog.queues().stream()
                .filter(queue -> queue.producers().contains(function)).toList());

        Set<String> allowedReferences = new HashSet<>(tableAccess.keySet());
        allowedReferences.addAll(consumedQueues);
        allowedReferences.addAll(producedQueues);
        allowedReferences.add(keyId);
        allowedReferences.add(logGroupId);
        if (function.managesAccounts()) {
            allowedReferences.add(userPoolId);
        }
        if (function.computesBlindIndexes()) {
            allowedReferences.add(blindIndexKeyId);
        }
        if (function.placesCalls()) {
            allowedReferences.addAll(VOICE_REFERENCES);
        }
        if (function.deletesAccounts()) {
            allowedReferences.add(userPoolId);
        }
        if (function.publishesEvents()) {
            allowedReferences.add(topicId);
        }

        List<Map<String, Object>> statements = template.statementsOfRole(roleId);
        assertThat(statements).as(name + " has policy statements").isNotEmpty();
        Set<String> allActions = new LinkedHashSet<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).as(name + ": " + statement).isEqualTo("Allow");
            Set<String> actions = strings(statement.get("Action"));
            allActions.addAll(actions);
            List<Object> resources = oneOrMany(statement.get("Resource"));
            Set<String> references = referencedLogicalIds(resources);
            String where = name + ", statement " + statement;

            assertThat(resources).as(where + ": no resource '*'").doesNotContain("*");
            assertThat(actions.stream().anyMatch(a -> DATA_SERVICES.stream().anyMatch(a::startsWith))
                    && resources.stream().anyMatch(r -> r instanceof String s && s.contains("*")))
                    .as(where + ": data actions name concrete resources").isFalse();
            assertThat(references).as(where + ": names only its own resources").isNotEmpty()
                    .isSubsetOf(allowedReferences);

            if (hasService(actions, "dynamodb:")) {
                assertThat(references).as(where).isSubsetOf(tableAccess.keySet());
                for (String table : references) {
                    Set<String> allowed = new HashSet<>(TABLE_READ);
                    if (tableAccess.get(table) == Access.READ_WRITE) {
                        allowed.addAll(TABLE_WRITE);
                    }
                    assertThat(actions).as(where + " on " + table + " (" + tableAccess.get(table) + ")")
                            .isSubsetOf(allowed);
                }
            }
            if (hasService(actions, "sqs:")) {
                for (String queue : references) {
                    Set<String> allowed = new HashSet<>();
                    if (consumedQueues.contains(queue)) {
                        allowed.addAll(QUEUE_CONSUME);
                    }
                    if (producedQueues.contains(queue)) {
                        allowed.addAll(QUEUE_SEND);
                    }
                    assertThat(actions).as(where + " on queue " + queue).isNotEmpty().isSubsetOf(allowed);
                }
            }
            if (hasService(actions, "kms:")) {
                assertThat(references).as(where).containsExactly(
                        actions.equals(BLIND_INDEX) ? blindIndexKeyId : keyId);
            }
            if (hasService(actions, "sns:")) {
                assertThat(references).as(where + ": the events topic only").containsExactly(topicId);
                assertThat(actions).as(where).isEqualTo(PUBLISH);
            }
            if (hasService(actions, "cognito-idp:")) {
                assertThat(references).as(where + ": the Safehold user pool only").containsExactly(userPoolId);
                assertThat(actions).as(where).isIn(ACCOUNT_ADMINISTRATION, ACCOUNT_DELETION);
            }
            if (hasService(actions, "logs:")) {
                assertThat(references).as(where).containsExactly(logGroupId);
            }
        }

        assertThat(allActions).as(name + ": only actions its catalog entry implies")
                .isSubsetOf(expectedActions(function, !consumedQueues.isEmpty(), !producedQueues.isEmpty()));
        assertThat(allActions).as(name + " writes its logs").containsAll(LOGS);
        assertThat(allActions.contains("kms:GenerateDataKey"))
                .as(name + " may generate field-cipher data keys only if it uses the field cipher")
                .isEqualTo(function.usesFieldCipher());
        assertThat(allActions.containsAll(ACCOUNT_ADMINISTRATION))
                .as(name + " administers accounts only if its catalog entry says so")
                .isEqualTo(function.managesAccounts());
        assertThat(allActions.containsAll(BLIND_INDEX))
                .as(name + " computes blind indexes only if its catalog entry says so")
                .isEqualTo(function.computesBlindIndexes());
        assertThat(allActions.containsAll(VOICE)).as(name + " places calls only if its catalog entry says so")
                .isEqualTo(function.placesCalls());
        assertThat(allActions.containsAll(ACCOUNT_DELETION))
                .as(name + " deletes users only if its catalog entry says so")
                .isEqualTo(function.deletesAccounts());
        assertThat(allActions.contains("sns:Publish")).as(name + " publishes only if its catalog entry says so")
                .isEqualTo(function.publishesEvents());
        tableAccess.forEach((table, access) -> {
            assertThat(actionsOn(statements, table)).as(name + " reads table " + table).contains("dynamodb:GetItem");
            assertThat(actionsOn(statements, table).contains("dynamodb:PutItem"))
                    .as(name + " writes table " + table + " only if READ_WRITE").isEqualTo(access == Access.READ_WRITE);
        });
        consumedQueues.forEach(queue -> assertThat(actionsOn(statements, queue))
                .as(name + " consumes " + queue).contains("sqs:ReceiveMessage", "sqs:DeleteMessage"));
        producedQueues.forEach(queue -> assertThat(actionsOn(statements, queue))
                .as(name + " sends to " + queue).contains("sqs:SendMessage"));
    }

    private static Set<String> expectedActions(FunctionDef function, boolean consumes, boolean produces) {
        Set<String> expected = new HashSet<>(LOGS);
        if (!function.tables().isEmpty()) {
            expected.addAll(TABLE_READ);
            expected.addAll(KEY_READ);
        }
        if (function.tables().containsValue(Access.READ_WRITE)) {
            expected.addAll(TABLE_WRITE);
            expected.addAll(KEY_WRITE);
        }
        if (consumes) {
            expected.addAll(QUEUE_CONSUME);
            expected.add("kms:Decrypt");
        }
        if (produces) {
            expected.addAll(QUEUE_SEND);
            expected.addAll(KEY_WRITE);
            expected.add("kms:Decrypt");
        }
        if (function.usesFieldCipher()) {
            expected.addAll(FIELD_CIPHER);
        }
        if (function.managesAccounts()) {
            expected.addAll(ACCOUNT_ADMINISTRATION);
        }
        if (function.computesBlindIndexes()) {
            expected.addAll(BLIND_INDEX);
        }
        if (function.placesCalls()) {
            expected.addAll(VOICE);
        }
        if (function.deletesAccounts()) {
            expected.addAll(ACCOUNT_DELETION);
        }
        if (function.publishesEvents()) {
            expected.addAll(PUBLISH);
            expected.addAll(KEY_WRITE); // the topic is encrypted with the stack key
            expected.add("kms:Decrypt");
        }
        return expected;
    }

    private static Set<String> actionsOn(List<Map<String, Object>> statements, String logicalId) {
        return statements.stream()
                .filter(statement -> referencedLogicalIds(statement.get("Resource")).contains(logicalId))
                .flatMap(statement -> strings(statement.get("Action")).stream())
                .collect(Collectors.toSet());
    }

    private Set<String> queueIds(List<QueueDef> queues) {
        return queues.stream().map(queue -> template.logicalId(stack.queue(queue))).collect(Collectors.toSet());
    }

    private static boolean hasService(Set<String> actions, String prefix) {
        return actions.stream().anyMatch(action -> action.startsWith(prefix));
    }
}
