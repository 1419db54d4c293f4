package com.safehold.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.api.Problem;
import com.safehold.api.ProblemException;
import com.safehold.api.RequestBody;
import com.safehold.domain.common.ValidationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local-only routes of SPEC 2, never deployed: {@code GET /health}, {@code GET /local/outbox},
 * {@code GET /local/clock}, {@code POST /local/clock/advance}, {@code POST /local/jobs/{name}}; and for the
 * dead-letter queues (docs/decisions/0020-fault-injection-and-redrive.md) {@code GET /local/queues} (messages waiting,
 * in flight and dead-lettered per queue) and {@code POST /local/queues/{name}/redrive}. Bad input answers the same
 * RFC 9457 problems as the API.
 */
final class LocalControl {

    /** Largest clock step: ten years, far beyond any retention rule, small enough to never overflow. */
    static final long MAX_ADVANCE_SECONDS = 10L * 366 * 24 * 3600;

    record Reply(int status, String contentType, String body) {
        static Reply json(int status, Object node) {
            return new Reply(status, "application/json", Json.write(node));
        }

        static Reply problem(Problem problem) {
            return new Reply(problem.status(), "application/problem+json", Json.write(problem.toJson()));
        }
    }

    private final LocalClock clock;
    private final Outbox outbox;
    private final Scheduler scheduler;
    private final DeadLetters deadLetters;
    private final Map<String, Supplier<Boolean>> healthChecks;

    LocalControl(LocalClock clock, Outbox outbox, Scheduler scheduler, DeadLetters deadLetters,
            Map<String, Supplier<Boolean>> healthChecks) {
        this.clock = clock;
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.healthChecks = new LinkedHashMap<>(healthChecks);
    }

    Reply handle(String method, String path, String rawQuery, byte[] body) {
        try {
            return switch (method + " " + path) {
                case "GET /health" -> health();
                case "GET /local/outbox" -> outbox(query(rawQuery).get("to"));
                case "GET /local/clock" -> Reply.json(200, now());
                case "POST /local/clock/advance" -> advance(body);
                case "GET /local/queues" -> queues();
                default -> {
                    if (path.startsWith("/local/jobs/") && method.equals("POST")) {
                        yield job(path.substring("/local/jobs/".length()));
                    }
                    if (path.startsWith("/local/queues/") && path.endsWith("/redrive") && method.equals("POST")) {
                        yield redrive(path.substring("/local/queues/".length(), path.length() - "/redrive".length()));
                    }
                    yield Reply.problem(Problem.of(404, "not_found", "Not found", "no such local route"));
                }
            };
        } catch (ProblemException e) {
            return Reply.problem(e.problem());
        } catch (ValidationException e) {
            return Reply.problem(Problem.invalid(e.violations()));
        }
    }

    private Reply health() {
        ObjectNode components = Json.object();
        boolean allUp = true;
        for (var check : healthChecks.entrySet()) {
            boolean up;
            try {
                up = check.getValue().get();
            } catch (RuntimeException e) {
                up = false;
            }
            allUp &= up;
            components.put(check.getKey(), up ? "UP" : "DOWN");
        }
        ObjectNode node = Json.object();
        node.put("status", allUp ? "UP" : "DOWN");
        node.set("components", components);
        return Reply.json(allUp ? 200 : 503, node);
    }

    private Reply outbox(String to) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Outbox.Message m : outbox.to(to)) {
            list.addObject().put("channel", m.channel()).put("to", m.to()).put("text", m.text())
                    .put("at", m.at().toString());
        }
        return Reply.json(200, list);
    }

    private Reply advance(byte[] body) {
        JsonFields fields = RequestBody.parseObject(new String(body, StandardCharsets.UTF_8), false);
        Long seconds = fields.integer("seconds");
        fields.finish();
        if (seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
            throw new ProblemException(Problem.of(400, "out_of_range", "Invalid request",
                    "seconds must be 1.." + MAX_ADVANCE_SECONDS + "; the clock only moves forward"));
        }
        clock.advance(Duration.ofSeconds(seconds));
        List<String> ran = scheduler.runDue();
        ObjectNode node = now();
        node.set("ran", Json.MAPPER.valueToTree(ran));
        return Reply.json(200, node);
    }

    private Reply job(String name) {
        Optional<Object> report = scheduler.run(name);
        if (report.isEmpty() && !scheduler.jobNames().contains(name)) {
            return Reply.problem(Problem.of(404, "unknown_job", "Not found", "no scheduled job with that name")
                    .with("jobs", scheduler.jobNames()));
        }
        ObjectNode node = Json.object();
        node.put("job", name);
        node.put("ranAt", clock.now().toString());
        node.set("report", Json.MAPPER.valueToTree(report.orElse(null)));
        return Reply.json(200, node);
    }

    private Reply queues() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (DeadLetters.Depth depth : deadLetters.depths()) {
            list.addObject().put("queue", depth.queue()).put("waiting", depth.waiting())
                    .put("inFlight", depth.inFlight()).put("deadLettered", depth.deadLettered());
        }
        return Reply.json(200, list);
    }

    /** Moves what a queue's dead-letter queue holds back to the queue ({@link DeadLetters#redrive}). */
    private Reply redrive(String name) {
        Optional<com.safehold.catalog.QueueDef> queue = deadLetters.queue(name);
        if (queue.isEmpty()) {
            return Reply.problem(Problem.of(404, "unknown_queue", "Not found", "no queue with that name")
                    .with("queues", deadLetters.names()));
        }
        DeadLetters.Redriven done = deadLetters.redrive(queue.get());
        ObjectNode node = Json.object();
        node.put("queue", done.queue());
        node.put("moved", done.moved());
        node.put("left", done.left());
        return Reply.json(200, node);
    }

    private ObjectNode now() {
        ObjectNode node = Json.object();
        node.put("now", clock.now().toString());
        node.put("offsetSeconds", clock.offset().toSeconds());
        return node;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
