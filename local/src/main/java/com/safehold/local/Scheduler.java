package com.safehold.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.safehold.catalog.ScheduleDef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plays EventBridge schedules on platform time: each schedule fires every {@code everyMinutes} minutes of
 * {@link LocalClock} time, with the event EventBridge sends, as the JSON map the scheduled handlers take (decision
 * 0016: not the events library's {@code ScheduledEvent}, which needs Joda-Time). {@link #runDue()} runs
 * after every clock move (SPEC 2: "runs every timer and schedule that fell due"), and {@link #run} runs
 * one job on demand ({@code POST /local/jobs/{name}}).
 */
final class Scheduler {

    private final LocalClock clock;
    private final Handlers handlers;
    private final Map<String, ScheduleDef> schedules = new LinkedHashMap<>();
    private final Map<String, Instant> nextRun = new LinkedHashMap<>();

    Scheduler(LocalClock clock, Handlers handlers, List<ScheduleDef> schedules) {
        this.clock = clock;
        this.handlers = handlers;
        Instant now = clock.now();
        for (ScheduleDef schedule : schedules) {
            this.schedules.put(schedule.name(), schedule);
            nextRun.put(schedule.name(), now.plus(Duration.ofMinutes(schedule.everyMinutes())));
        }
    }

    List<String> jobNames() {
        return List.copyOf(schedules.keySet());
    }

    /** Runs a job now; empty if no schedule has that name. The result is the handler's report. */
    synchronized Optional<Object> run(String name) {
        ScheduleDef schedule = schedules.get(name);
        return schedule == null ? Optional.empty() : Optional.ofNullable(invoke(schedule, clock.now()));
    }

    /** Fires every schedule whose time has come, once per period that elapsed (at most once per call). */
    synchronized List<String> runDue() {
        List<String> ran = new ArrayList<>();
        Instant now = clock.now();
        for (ScheduleDef schedule : schedules.values()) {
            Instant due = nextRun.get(schedule.name());
            if (!due.isAfter(now)) {
                invoke(schedule, now);
                ran.add(schedule.name());
                Duration period = Duration.ofMinutes(schedule.everyMinutes());
                while (!due.isAfter(now)) {
                    due = due.plus(period);
                }
                nextRun.put(schedule.name(), due);
            }
        }
        return ran;
    }

    @SuppressWarnings("unchecked")
    private Object invoke(ScheduleDef schedule, Instant at) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> event = new LinkedHashMap<>(); // field for field what EventBridge sends
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", at.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "eu-central-1");
        event.put("resources", List.of("arn:aws:events:eu-central-1:000000000000:rule/" + schedule.name()));
        event.put("detail", Map.of());
        var handler = handlers.of(schedule.target(), RequestHandler.class);
        return handler.handleRequest(event, new LocalLambdaContext(schedule.target(), id));
    }
}
