package com.safehold.catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything deployed, as data: tables, functions, routes, queues and schedules. {@link #safehold()} is
 * the real one; tests may build smaller or larger catalogs to exercise the CDK app and the local platform.
 */
public record Catalog(
        List<TableDef> tables,
        List<FunctionDef> functions,
        List<RouteDef> routes,
        List<QueueDef> queues,
        List<ScheduleDef> schedules) {

    public Catalog {
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
        routes = List.copyOf(routes);
        queues = List.copyOf(queues);
        schedules = List.copyOf(schedules);
        validate(tables, functions, routes, queues, schedules);
    }

    /** The Safehold catalog as deployed. */
    public static Catalog safehold() {
        return new Catalog(Tables.ALL, Functions.ALL, Routes.ALL, Queues.ALL, Schedules.ALL);
    }

    private static void validate(List<TableDef> tables, List<FunctionDef> functions, List<RouteDef> routes,
            List<QueueDef> queues, List<ScheduleDef> schedules) {
        Set<String> routeKeys = new LinkedHashSet<>();
        for (RouteDef route : routes) {
            if (!routeKeys.add(route.routeKey())) {
                throw new IllegalArgumentException("duplicate route " + route.routeKey());
            }
            if (!route.path().startsWith("/v1/")) {
                throw new IllegalArgumentException("deployed routes live under /v1/: " + route.routeKey());
            }
            requireListed(functions, route.function(), route.routeKey());
        }
        for (FunctionDef function : functions) {
            for (TableDef table : function.tables().keySet()) {
                if (!tables.contains(table)) {
                    throw new IllegalArgumentException(function.name() + " uses unknown table " + table.name());
                }
            }
        }
        for (QueueDef queue : queues) {
            requireListed(functions, queue.consumer(), "queue " + queue.name());
            queue.producers().forEach(p -> requireListed(functions, p, "queue " + queue.name()));
        }
        schedules.forEach(s -> requireListed(functions, s.target(), "schedule " + s.name()));
    }

    private static void requireListed(List<FunctionDef> functions, FunctionDef function, String user) {
        if (!functions.contains(function)) {
            throw new IllegalArgumentException(user + " names function " + function.name() + " which is not listed");
        }
    }
}
