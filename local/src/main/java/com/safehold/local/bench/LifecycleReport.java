package com.safehold.local.bench;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns measured lifecycles into the tables of docs/benchmarks.md: warm time per handler (and its own share,
 * outside SDK requests), requests and capacity per operation, totals per lifecycle, and their AWS cost.
 */
final class LifecycleReport {

    private static final Set<String> DYNAMODB_READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan",
            "TransactGetItems");

    /** One lifecycle's bill of materials. */
    record Totals(Map<String, Integer> invocationsByFunction, int apiRequests, int dynamoDbRequests, double readUnits,
            double writeUnits, int sqsRequests, int snsPublishes, int kmsRequests, double lambdaGbSeconds) {

        int lambdaRequests() {
            return invocationsByFunction.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private LifecycleReport() {}

    /** Warm path: one row per route handler or worker, over every measured lifecycle. */
    static String warmPath(List<Lifecycles.Run> runs) {
        Map<String, List<Meter.Invocation>> byLabel = new TreeMap<>();
        runs.forEach(r -> r.invocations().forEach(i -> byLabel.computeIfAbsent(i.label(), k -> new ArrayList<>()).add(i)));
        StringBuilder out = new StringBuilder();
        out.append("| handler (route or worker) | n | p50 | p99 | own share p50 | own share p99 | SDK requests per call |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        byLabel.forEach((label, list) -> {
            Stats total = Stats.of(list.stream().map(i -> i.nanos() / 1e6).toList());
            Stats own = Stats.of(list.stream().map(i -> (i.nanos() - i.sdkNanos()) / 1e6).toList());
            long sdkCalls = runs.stream().flatMap(r -> r.calls().stream()).filter(c -> c.invocation().equals(label)).count();
            out.append("| `%s` | %d | %.1f ms | %.1f ms | %.2f ms | %.2f ms | %.1f |\n".formatted(label, list.size(),
                    total.p50(), total.p99(), own.p50(), own.p99(), sdkCalls / (double) list.size()));
        });
        return out.toString();
    }

    /** Requests per invocation of each operation, averaged over the lifecycles (they are the same in each). */
    static String perOperation(List<Lifecycles.Run> runs) {
        Map<String, Integer> invocations = new TreeMap<>();
        Map<String, List<Meter.Call>> calls = new TreeMap<>();
        for (Lifecycles.Run r : runs) {
            r.invocations().forEach(i -> invocations.merge(i.label(), 1, Integer::sum));
            r.calls().forEach(c -> calls.computeIfAbsent(c.invocation(), k -> new ArrayList<>()).add(c));
        }
        StringBuilder out = new StringBuilder();
        out.append("| handler (route or worker) | DynamoDB requests per call | read / write units | SQS | SNS | KMS |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        invocations.forEach((label, n) -> {
            List<Meter.Call> own = calls.getOrDefault(label, List.of());
            Map<String, Long> dynamo = own.stream().filter(c -> c.service().equals("DynamoDb"))
                    .collect(Collectors.groupingBy(LifecycleReport::operationOnTables, TreeMap::new,
                            Collectors.counting()));
            String dynamoText = dynamo.isEmpty() ? "—" : dynamo.entrySet().stream()
                    .map(e -> trim(e.getValue() / (double) n) + " " + e.getKey()).collect(Collectors.joining(", "));
            double reads = own.stream().filter(c -> DYNAMODB_READS.contains(c.operation()))
                    .mapToDouble(Meter.Call::capacityUnits).sum() / n;
            double writes = own.stream().filter(c -> c.service().equals("DynamoDb")
                    && !DYNAMODB_READS.contains(c.operation())).mapToDouble(Meter.Call::capacityUnits).sum() / n;
            out.append("| `%s` | %s | %s / %s | %s | %s | %s |\n".formatted(label, dynamoText, trim(reads), trim(writes),
                    trim(count(own, "Sqs") / (double) n), trim(count(own, "Sns") / (double) n),
                    trim(count(own, "Kms") / (double) n)));
        });
        return out.toString();
    }

    /** Capacity units per lifecycle by table and index: where the money for DynamoDB goes. */
    static String capacityByTarget(Map<String, List<Lifecycles.Run>> byKind) {
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        byKind.forEach((kind, runs) -> runs.forEach(r -> r.calls().forEach(c -> c.capacityByTarget().forEach(
                (target, units) -> rows.computeIfAbsent(target, k -> new TreeMap<>())
                        .merge(kind, units / runs.size(), Double::sum)))));
        StringBuilder out = new StringBuilder("| table or index | " + String.join(" | ", byKind.keySet()) + " |\n");
        out.append("| --- |" + " ---: |".repeat(byKind.size()) + "\n");
        rows.forEach((target, perKind) -> out.append("| `" + target + "` | " + byKind.keySet().stream()
                .map(k -> trim(perKind.getOrDefault(k, 0.0))).collect(Collectors.joining(" | ")) + " |\n"));
        return out.toString();
    }

    static Totals totals(Lifecycles.Run run) {
        Map<String, Integer> byFunction = new TreeMap<>();
        double gbSeconds = 0;
        int api = 0;
        for (Meter.Invocation i : run.invocations()) {
            FunctionDef f = function(i.label());
            if (f == null) {
                continue; // the event source mapping is not a function invocation
            }
            byFunction.merge(f.name(), 1, Integer::sum);
            if (i.label().contains(" /")) {
                api++;
            }
            // Lambda bills duration rounded up to the millisecond, at the configured memory
            gbSeconds += Math.ceil(i.nanos() / 1e6) / 1000.0 * f.memoryMb() / 1024.0;
        }
        List<Meter.Call> calls = run.calls();
        double reads = calls.stream().filter(c -> DYNAMODB_READS.contains(c.operation()))
                .mapToDouble(Meter.Call::capacityUnits).sum();
        double writes = calls.stream().filter(c -> c.service().equals("DynamoDb") && !DYNAMODB_READS.contains(c.operation()))
                .mapToDouble(Meter.Call::capacityUnits).sum();
        return new Totals(byFunction, api, count(calls, "DynamoDb"), reads, writes, count(calls, "Sqs"),
                count(calls, "Sns"), count(calls, "Kms"), gbSeconds);
    }

    /** Totals per lifecycle kind, the median lifecycle of each (they differ only in timing). */
    static String perLifecycle(Map<String, List<Lifecycles.Run>> byKind) {
        StringBuilder out = new StringBuilder();
        out.append("| lifecycle | Lambda invocations | API requests | DynamoDB requests | read units | write units | SQS requests | SNS publishes | KMS requests | Lambda GB-s (warm) |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        byKind.forEach((kind, runs) -> {
            Totals t = median(runs);
            out.append("| %s | %d (%s) | %d | %d | %s | %s | %d | %d | %d | %.4f |\n".formatted(kind, t.lambdaRequests(),
                    t.invocationsByFunction().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    t.apiRequests(), t.dynamoDbRequests(), trim(t.readUnits()), trim(t.writeUnits()), t.sqsRequests(),
                    t.snsPublishes(), t.kmsRequests(), t.lambdaGbSeconds()));
        });
        return out.toString();
    }

    /** The lifecycle with the median Lambda duration: counts are equal across runs, durations are not. */
    static Totals median(List<Lifecycles.Run> runs) {
        List<Totals> all = runs.stream().map(LifecycleReport::totals)
                .sorted(java.util.Comparator.comparingDouble(Totals::lambdaGbSeconds)).toList();
        return all.get(all.size() / 2);
    }

    /** The AWS cost of 1,000 lifecycles of each kind at the list prices in {@link Prices}. */
    static String cost(Map<String, List<Lifecycles.Run>> byKind) {
        StringBuilder out = new StringBuilder();
        out.append("| per 1,000 lifecycles | " + String.join(" | ", byKind.keySet()) + " |\n");
        out.append("| --- |" + " ---: |".repeat(byKind.size()) + "\n");
        Map<String, Map<String, Double>> lines = new LinkedHashMap<>();
        byKind.forEach((kind, runs) -> Prices.costPer1000(median(runs)).forEach((item, usd) ->
                lines.computeIfAbsent(item, k -> new LinkedHashMap<>()).put(kind, usd)));
        lines.forEach((item, perKind) -> out.append("| " + item + " | " + byKind.keySet().stream()
                .map(k -> "$" + "%.4f".formatted(perKind.getOrDefault(k, 0.0))).collect(Collectors.joining(" | ")) + " |\n"));
        return out.toString();
    }

    static FunctionDef function(String label) {
        for (RouteDef r : Routes.ALL) {
            if (r.routeKey().equals(label)) {
                return r.function();
            }
        }
        return Catalog.safehold().functions().stream().filter(f -> f.name().equals(label)).findFirst().orElse(null);
    }

    /** {@code GetItem (offers)}: the operation and the tables it touched, as its consumed capacity names them. */
    private static String operationOnTables(Meter.Call call) {
        String tables = call.capacityByTarget().keySet().stream().filter(t -> !t.contains("/"))
                .collect(Collectors.joining("+"));
        return call.operation() + (tables.isEmpty() ? "" : " (" + tables + ")");
    }

    private static int count(List<Meter.Call> calls, String service) {
        return (int) calls.stream().filter(c -> c.service().equals(service)).count();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : "%.2f".formatted(value);
    }
}
