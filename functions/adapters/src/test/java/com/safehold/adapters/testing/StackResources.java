package com.safehold.adapters.testing;

import com.safehold.catalog.TableDef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/**
 * The physical names of a deployed {@code SafeholdStack}'s resources, read from CloudFormation: the outputs
 * ({@code DataKeyArn}, {@code EventsTopicArn}; docs/deploy.md) and the logical ids the CDK app gives what has no
 * output. CDK names a construct {@code <path in PascalCase><8 hex digits of its path's hash>}: the table of
 * catalog entry {@code login-state} is {@code TablesLoginState} plus hash ({@code DataTables}, {@code
 * ConstructNames}), the blind-index key {@code BlindIndexKey} plus hash. CloudFormation chooses the table names.
 */
final class StackResources {

    static final String DATA_KEY_OUTPUT = "DataKeyArn";
    static final String EVENTS_TOPIC_OUTPUT = "EventsTopicArn";
    static final String TABLE_TYPE = "AWS::DynamoDB::Table";
    static final String KEY_TYPE = "AWS::KMS::Key";

    private final String stack;
    private final Map<String, String> outputs;
    private final List<StackResourceSummary> resources;

    StackResources(String stack, Map<String, String> outputs, List<StackResourceSummary> resources) {
        this.stack = stack;
        this.outputs = Map.copyOf(outputs);
        this.resources = List.copyOf(resources);
    }

    /** One {@code DescribeStacks} and as many {@code ListStackResources} pages as the stack has (more than 100). */
    static StackResources read(CloudFormationClient cloudFormation, String stack) {
        Stack described = cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().getFirst();
        Map<String, String> outputs = described.outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a));
        List<StackResourceSummary> resources = cloudFormation.listStackResourcesPaginator(r -> r.stackName(stack))
                .stackResourceSummaries().stream().toList();
        return new StackResources(stack, outputs, resources);
    }

    String output(String key, String property) {
        String value = outputs.get(key);
        if (value == null) {
            throw new IllegalStateException("stack " + stack + " has no output " + key + " (outputs: "
                    + outputs.keySet() + "); is it a SafeholdStack? Or name it with -D" + property + "=...");
        }
        return value;
    }

    String table(TableDef table, String property) {
        return physicalId(TABLE_TYPE, "Tables" + pascal(table.name()),
                "the table " + table.name(), property);
    }

    String blindIndexKey(String property) {
        return physicalId(KEY_TYPE, "BlindIndexKey", "the blind-index key", property);
    }

    private String physicalId(String type, String logicalPrefix, String what, String property) {
        Pattern logicalId = Pattern.compile(Pattern.quote(logicalPrefix) + "[0-9A-F]{8}");
        List<StackResourceSummary> matches = resources.stream()
                .filter(r -> type.equals(r.resourceType()) && logicalId.matcher(r.logicalResourceId()).matches())
                .toList();
        if (matches.size() != 1) {
            throw new IllegalStateException("stack " + stack + " has " + matches.size() + " resources of type " + type
                    + " with logical id " + logicalPrefix + "<hash> for " + what + ", not one; name it with -D"
                    + property + "=...");
        }
        return Optional.ofNullable(matches.getFirst().physicalResourceId()).orElseThrow(() ->
                new IllegalStateException(what + " of stack " + stack + " has no physical id yet"));
    }

    /** As the CDK app's {@code ConstructNames.pascal}: {@code login-state} is {@code LoginState}. */
    static String pascal(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
