package com.safehold.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.safehold.catalog.ScheduleDef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.joda.time.DateTime;

/**
 * Plays EventBridge schedules on platform time: each schedule fires every {@code everyMinutes} minutes of
 * {@link LocalClock} time, with the same {@link ScheduledEvent} EventBridge sends. {@link #runDue()} runs
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
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount("000000000000");
        event.setRegion("eu-central-1");
        event.setTime(new DateTime(at.toEpochMilli()));
        event.setResources(List.of("arn:aws:events:eu-central-1:000000000000:rule/" + schedule.name()));
        event.setDetail(Map.of());
        var handler = handlers.of(schedule.target(), RequestHandler.class);
        return handler.handleRequest(event, new LocalLambdaContext(schedule.target(), event.getId()));
    }
}
