package com.safehold.infrastructure;

import static com.safehold.infrastructure.SynthesizedTemplate.list;
import static com.safehold.infrastructure.SynthesizedTemplate.map;
import static com.safehold.infrastructure.SynthesizedTemplate.referencedLogicalIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.ScheduleDef;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, for a catalog's stack, what SnapStart needs (decision 0015): every function has SnapStart on
 * published versions and an alias {@code live} on a version of itself, and everything that invokes a function
 * (API integrations and their invoke permissions, SQS event source mappings, EventBridge targets and their
 * permissions) names that function's alias: never the function, whose bare ARN means {@code $LATEST}, which
 * SnapStart does not apply to.
 */
final class PublishedVersions {

    private final SynthesizedTemplate template;
    private final SafeholdStack stack;
    private final Catalog catalog;

    PublishedVersions(SynthesizedTemplate template, SafeholdStack stack, Catalog catalog) {
        this.template = template;
        this.stack = stack;
        this.catalog = catalog;
    }

    void assertEveryFunctionHasSnapStartAndALiveAlias() {
        assertThat(template.resourcesOfType("AWS::Lambda::Alias")).hasSize(catalog.functions().size());
        assertThat(template.resourcesOfType("AWS::Lambda::Version")).hasSize(catalog.functions().size());
        for (FunctionDef definition : catalog.functions()) {
            String functionId = functionId(definition);
            assertThat(template.properties(functionId)).as(definition.name())
                    .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));

            Map<String, Object> alias = template.properties(aliasId(definition));
            assertThat(alias).as(definition.name()).containsEntry("Name", "live")
                    .containsEntry("FunctionName", Map.of("Ref", functionId));
            Set<String> versions = referencedLogicalIds(alias.get("FunctionVersion"));
            assertThat(versions).as(definition.name() + ": the alias is on one version").hasSize(1);
            Map<String, Object> version = template.resource(versions.iterator().next());
            assertThat(version).as(definition.name()).containsEntry("Type", "AWS::Lambda::Version");
            assertThat(map(version.get("Properties"))).as(definition.name() + ": a version of this function")
                    .containsEntry("FunctionName", Map.of("Ref", functionId));
        }
    }

    void assertEveryInvokerNamesTheAlias() {
        assertThat(template.template().toJSON().toString()).doesNotContain("$LATEST");

        // API routes: route -> its integration -> the alias of the route's catalog function
        Map<String, RouteDef> routes = catalog.routes().stream()
                .collect(Collectors.toMap(RouteDef::routeKey, route -> route));
        Map<String, Map<String, Object>> integrations = template.resourcesOfType("AWS::ApiGatewayV2::Integration");
        assertThat(integrations).isNotEmpty();
        template.resourcesOfType("AWS::ApiGatewayV2::Route").values().forEach(resource -> {
            Map<String, Object> route = map(resource.get("Properties"));
            String key = (String) route.get("RouteKey");
            Set<String> integration = referencedLogicalIds(route.get("Target"));
            assertThat(integration).as(key).hasSize(1).isSubsetOf(integrations.keySet());
            Object uri = map(integrations.get(integration.iterator().next()).get("Properties")).get("IntegrationUri");
            assertThat(referencedLogicalIds(uri)).as(key + " invokes")
                    .containsExactly(aliasId(routes.get(key).function()));
        });

        // queue consumers
        Map<String, Map<String, Object>> mappings = template.resourcesOfType("AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(catalog.queues().size());
        for (QueueDef queue : catalog.queues()) {
            String queueId = template.logicalId(stack.queue(queue));
            assertThat(mappings.values()).as(queue.name() + " is consumed through its consumer's alias")
                    .anySatisfy(mapping -> {
                        Map<String, Object> properties = map(mapping.get("Properties"));
                        assertThat(referencedLogicalIds(properties.get("EventSourceArn"))).containsExactly(queueId);
                        assertThat(referencedLogicalIds(properties.get("FunctionName")))
                                .containsExactly(aliasId(queue.consumer()));
                    });
        }

        // schedules
        Map<String, Map<String, Object>> rules = template.resourcesOfType("AWS::Events::Rule");
        assertThat(rules).hasSize(catalog.schedules().size());
        for (ScheduleDef schedule : catalog.schedules()) {
            assertThat(rules.values()).as(schedule.name() + " targets its function's alias").anySatisfy(rule -> {
                Map<String, Object> properties = map(rule.get("Properties"));
                assertThat(properties).containsEntry("ScheduleExpression", schedule.expression());
                assertThat(list(properties.get("Targets"))).singleElement().satisfies(target ->
                        assertThat(referencedLogicalIds(map(target).get("Arn")))
                                .containsExactly(aliasId(schedule.target())));
            });
        }

        // every invoke permission is for the gateway or EventBridge, and names an alias
        Set<String> aliases = template.resourcesOfType("AWS::Lambda::Alias").keySet();
        Map<String, Map<String, Object>> permissions = template.resourcesOfType("AWS::Lambda::Permission");
        assertThat(permissions).isNotEmpty();
        permissions.forEach((id, permission) -> {
            Map<String, Object> properties = map(permission.get("Properties"));
            assertThat(properties).as(id).containsEntry("Action", "lambda:InvokeFunction");
            assertThat(properties.get("Principal")).as(id).isIn("apigateway.amazonaws.com", "events.amazonaws.com");
            assertThat(referencedLogicalIds(properties.get("FunctionName"))).as(id).hasSize(1).isSubsetOf(aliases);
        });
    }

    private String functionId(FunctionDef definition) {
        return template.logicalId(stack.function(definition));
    }

    private String aliasId(FunctionDef definition) {
        return template.logicalId(stack.alias(definition));
    }
}
