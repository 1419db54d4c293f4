package com.safehold.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * Read access to a synthesized CloudFormation template as plain maps and lists, for assertions that range
 * over every resource of a kind (CDK's {@link Template} matchers check one shape at a time).
 */
final class SynthesizedTemplate {

    /** cdk-nag's AwsSolutions pack left no unsuppressed error or warning on the stack. */
    static void assertNoCdkNagFindings(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        org.assertj.core.api.Assertions.assertThat(
                annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                        .map(m -> m.getId() + ": " + m.getEntry().getData()).toList()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(
                annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                        .map(m -> m.getId() + ": " + m.getEntry().getData()).toList()).isEmpty();
    }


    private final Stack stack;
    private final Template template;
    private final Map<String, Object> resources;

    SynthesizedTemplate(Stack stack, Template template) {
        this.stack = stack;
        this.template = template;
        this.resources = map(template.toJSON().get("Resources"));
    }

    Template template() {
        return template;
    }

    /** Logical id of a construct's CloudFormation resource (its default child, or itself). */
    String logicalId(IConstruct construct) {
        IConstruct child = construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) (child != null ? child : construct));
    }

    /** Logical id to resource ({@code Type}, {@code Properties}, ...), in template order. */
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    Map<String, Object> resource(String logicalId) {
        Object resource = resources.get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId + " in the template");
        }
        return map(resource);
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).getOrDefault("Properties", Map.of()));
    }

    /**
     * Every policy statement that applies to a role: its inline policies and every {@code AWS::IAM::Policy}
     * attached to it.
     */
    List<Map<String, Object>> statementsOfRole(String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(properties(roleLogicalId).getOrDefault("Policies", List.of()))) {
            statements.addAll(statementsOf(map(policy).get("PolicyDocument")));
        }
        resourcesOfType("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> properties = map(policy.get("Properties"));
            if (referencedLogicalIds(properties.get("Roles")).contains(roleLogicalId)) {
                statements.addAll(statementsOf(properties.get("PolicyDocument")));
            }
        });
        return statements;
    }

    static List<Map<String, Object>> statementsOf(Object policyDocument) {
        return list(map(policyDocument).get("Statement")).stream().map(SynthesizedTemplate::map).toList();
    }

    /** Logical ids named by {@code Ref} (pseudo parameters excluded) or {@code Fn::GetAtt}, at any depth. */
    static Set<String> referencedLogicalIds(Object value) {
        Set<String> ids = new LinkedHashSet<>();
        collectReferences(value, ids);
        return ids;
    }

    private static void collectReferences(Object value, Set<String> ids) {
        if (value instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String ref && !ref.startsWith("AWS::")) {
                ids.add(ref);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt) {
                ids.add((String) getAtt.get(0));
            }
            map.values().forEach(nested -> collectReferences(nested, ids));
        } else if (value instanceof List<?> list) {
            list.forEach(nested -> collectReferences(nested, ids));
        }
    }

    /** A value that CloudFormation allows as one string or a list of them. */
    static List<Object> oneOrMany(Object value) {
        return value instanceof List<?> list ? List.copyOf(list) : List.of(value);
    }

    static Set<String> strings(Object stringOrList) {
        Set<String> strings = new LinkedHashSet<>();
        oneOrMany(stringOrList).forEach(item -> strings.add((String) item));
        return strings;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected an object but found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (!(value instanceof List<?>)) {
            throw new AssertionError("expected a list but found " + value);
        }
        return (List<Object>) value;
    }

    static int integer(Object value) {
        return ((Number) value).intValue();
    }
}
