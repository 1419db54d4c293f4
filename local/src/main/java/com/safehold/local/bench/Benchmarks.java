package com.safehold.local.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./safehold bench} (every figure in docs/benchmarks.md) and {@code ./safehold bench quick} (the smoke
 * run CI makes, so the harness cannot rot; it asserts no timing). Prints a Markdown report and writes it to
 * {@code local/target/benchmarks.md}.
 */
public final class Benchmarks {

    /**
     * How much to measure: {@code ./safehold bench} takes the full plan (at least 10 fresh JVMs per function
     * and variant, as issue 10 asks); {@code ./safehold bench 3 20} 3 cold runs and 20 lifecycles of each kind.
     */
    record Plan(boolean quick, int coldRuns, int warmupLifecycles, int measuredLifecycles) {

        static Plan full() {
            return new Plan(false, 11, 20, 100);
        }

        static Plan smoke() {
            return new Plan(true, 1, 1, 2);
        }
    }

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        Plan plan = args.length > 0 && args[0].equals("quick") ? Plan.smoke() : Plan.full();
        if (args.length > 0 && !args[0].equals("quick")) { // fewer rounds while trying a lever out
            plan = new Plan(false, Integer.parseInt(args[0]), plan.warmupLifecycles(),
                    args.length > 1 ? Integer.parseInt(args[1]) : plan.measuredLifecycles());
        }
        ReportOut.silenceHandlerLogs();
        String report = run(plan, Path.of("").toAbsolutePath());
        ReportOut.REPORT.println(report);
        Path out = Path.of("local", "target", "benchmarks.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        // DynamoDB Local's shard-rollover job is a non-daemon thread that outlives its shutdown() by minutes;
        // everything this tool started is closed, so end the JVM now.
        System.exit(0);
    }

    /** Runs every section of the plan against a fresh {@link BenchStack}; returns the report. */
    static String run(Plan plan, Path root) throws Exception {
        StringBuilder report = new StringBuilder();
        report.append(MachineFacts.describe()).append('\n');
        report.append(Sizes.table(root)).append('\n');
        try (BenchStack stack = new BenchStack()) {
            Lifecycles lifecycles = new Lifecycles(stack);
            ColdPath cold = new ColdPath(stack, lifecycles, root);
            List<ColdPath.Subject> subjects = cold.subjects();
            List<ColdPath.Variant> variants = plan.quick() ? List.of(ColdPath.CDK)
                    : List.of(ColdPath.CDK, ColdPath.NO_FLAGS, ColdPath.AOT, ColdPath.PRIMED);
            Map<ColdPath.Variant, Map<String, List<ColdPath.Sample>>> coldSamples = new LinkedHashMap<>();
            for (ColdPath.Variant variant : variants) {
                Map<String, List<ColdPath.Sample>> samples = cold.measure(variant, subjects, plan.coldRuns());
                coldSamples.put(variant, samples);
                report.append("## Cold path: ").append(variant.name()).append(" (median of ").append(plan.coldRuns())
                        .append(" fresh JVMs each)\n\n").append(ColdPath.table(variant, subjects, samples)).append('\n');
            }
            if (coldSamples.size() > 1) {
                report.append("## Cold path by variant (median, ms; × floor of the same variant)\n\n")
                        .append(ColdPath.summary(subjects, coldSamples)).append('\n');
            }
            stack.emptyQueues(); // what the cold runs left on the queues is not part of any lifecycle
            for (int i = 0; i < plan.warmupLifecycles(); i++) {
                lifecycles.completed();
                lifecycles.disputed();
            }
            Map<String, List<Lifecycles.Run>> byKind = new LinkedHashMap<>();
            byKind.put("completed", new ArrayList<>());
            byKind.put("disputed", new ArrayList<>());
            for (int i = 0; i < plan.measuredLifecycles(); i++) {
                byKind.get("completed").add(lifecycles.completed());
                byKind.get("disputed").add(lifecycles.disputed());
            }
            List<Lifecycles.Run> all = byKind.values().stream().flatMap(List::stream).toList();
            report.append("## Warm path (").append(plan.measuredLifecycles()).append(" lifecycles of each kind after ")
                    .append(plan.warmupLifecycles()).append(" of each to warm up)\n\n")
                    .append(LifecycleReport.warmPath(all)).append('\n');
            report.append("## Requests per operation\n\n").append(LifecycleReport.perOperation(all)).append('\n');
            report.append("## Per lifecycle\n\n").append(LifecycleReport.perLifecycle(byKind)).append('\n');
            report.append("## DynamoDB capacity units per lifecycle, by table and index\n\n")
                    .append(LifecycleReport.capacityByTarget(byKind)).append('\n');
            report.append("## Cost of 1,000 lifecycles (").append(Prices.REGION).append(", list prices read ")
                    .append(Prices.READ_ON).append(")\n\n").append(LifecycleReport.cost(byKind)).append('\n');
        }
        return report.toString();
    }
}
