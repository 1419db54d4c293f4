package com.safehold.local;

import com.safehold.local.bench.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load test saw: every request's latency by route, every answer by route, status and problem code,
 * counters of what the mix did (duplicates, races and who won them), and the failures, each with enough
 * context to find it. Thread-safe; the clients write to it concurrently. It measures and counts; it asserts
 * nothing about time.
 */
final class LoadMetrics {

    /** At most this many failures are kept in full; the rest are counted. */
    private static final int KEPT_FAILURES = 25;

    private final Map<String, Queue<Long>> nanosByRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answers = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();
    private final Map<String, Queue<Long>> lifecycleNanosByKind = new ConcurrentHashMap<>();
    private final Map<String, Queue<Long>> waitNanos = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final LongAdder requests = new LongAdder();

    /** One answered request (or a transport failure, as status 0). */
    void answered(String route, int status, String code, long nanos) {
        nanosByRoute.computeIfAbsent(route, k -> new ConcurrentLinkedQueue<>()).add(nanos);
        answers.computeIfAbsent(route + " → " + status + (code == null ? "" : " " + code), k -> new LongAdder())
                .increment();
        requests.increment();
    }

    void count(String what) {
        count(what, 1);
    }

    void count(String what, long n) {
        counters.computeIfAbsent(what, k -> new LongAdder()).add(n);
    }

    void lifecycle(String kind, long nanos) {
        lifecycleNanosByKind.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(nanos);
    }

    /** How long a client waited for something asynchronous (the escrow worker). */
    void waited(String what, long nanos) {
        waitNanos.computeIfAbsent(what, k -> new ConcurrentLinkedQueue<>()).add(nanos);
    }

    void fail(String failure) {
        if (failureCount.incrementAndGet() <= KEPT_FAILURES) {
            failures.add(failure);
        }
    }

    int failures() {
        return failureCount.get();
    }

    List<String> keptFailures() {
        return List.copyOf(failures);
    }

    long requests() {
        return requests.sum();
    }

    long counter(String what) {
        LongAdder adder = counters.get(what);
        return adder == null ? 0 : adder.sum();
    }

    /** Every answer any route gave, with how often: the status summary a failure message carries. */
    String answers() {
        StringBuilder out = new StringBuilder();
        answers.forEach((answer, n) -> out.append("  ").append(answer).append(": ").append(n.sum()).append('\n'));
        return out.toString();
    }

    /** Latency per route and in total: n, p50, p99, max, in milliseconds. */
    String latencyTable() {
        StringBuilder out = new StringBuilder("| route | requests | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |\n");
        List<Long> all = new ArrayList<>();
        new TreeMap<>(nanosByRoute).forEach((route, nanos) -> {
            List<Long> sample = List.copyOf(nanos);
            all.addAll(sample);
            out.append(row("`" + route + "`", sample));
        });
        out.append(row("**all requests**", all));
        return out.toString();
    }

    /** Wall time of one lifecycle by kind, from the first request to the last (polling for the hold included). */
    String lifecycleTable() {
        StringBuilder out = new StringBuilder("| lifecycle | n | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |\n");
        new TreeMap<>(lifecycleNanosByKind).forEach((kind, nanos) -> out.append(row(kind, List.copyOf(nanos))));
        return out.toString();
    }

    String waitTable() {
        StringBuilder out = new StringBuilder("| waited for | n | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |\n");
        new TreeMap<>(waitNanos).forEach((what, nanos) -> out.append(row(what, List.copyOf(nanos))));
        return out.toString();
    }

    String counters() {
        StringBuilder out = new StringBuilder("| what | n |\n| --- | ---: |\n");
        counters.forEach((what, n) -> out.append("| ").append(what).append(" | ").append(n.sum()).append(" |\n"));
        return out.toString();
    }

    private static String row(String label, List<Long> nanos) {
        Stats s = Stats.of(nanos.stream().map(n -> n / 1e6).toList());
        return "| %s | %d | %.1f ms | %.1f ms | %.1f ms |\n".formatted(label, s.n(), s.p50(), s.p99(), s.max());
    }
}
