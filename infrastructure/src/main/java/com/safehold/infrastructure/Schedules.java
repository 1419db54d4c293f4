package com.safehold.infrastructure;

import com.safehold.catalog.ScheduleDef;
import java.util.List;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.constructs.Construct;

/**
 * One EventBridge rule per {@link ScheduleDef}, invoking its target function on the catalog's
 * {@code rate(...)} or {@code cron(...)} expression. The local platform fires the same jobs from the same
 * catalog entries.
 */
final class Schedules extends Construct {

    Schedules(Construct scope, String id, List<ScheduleDef> definitions, LambdaFunctions functions) {
        super(scope, id);
        for (ScheduleDef definition : definitions) {
            Rule.Builder.create(this, ConstructNames.pascal(definition.name()))
                    .description("Safehold schedule " + definition.name() + " -> " + definition.target().name())
                    .schedule(Schedule.expression(definition.expression()))
                    // the alias, not the function: SnapStart restores only published versions
                    .targets(List.of(new LambdaFunction(functions.alias(definition.target()))))
                    .build();
        }
    }
}
