package com.safehold.catalog;

import java.util.List;

/** Every EventBridge schedule. */
public final class Schedules {

    /** The timer sweep: due bookings, every minute ({@code POST /local/jobs/timers} runs it now). */
    public static final ScheduleDef TIMERS = new ScheduleDef("timers", "rate(1 minute)", 1, Functions.TIMERS);

    /** The purge, daily at 03:00 UTC ({@code POST /local/jobs/purge} runs it now). */
    public static final ScheduleDef PURGE = new ScheduleDef("purge", "cron(0 3 * * ? *)", 24 * 60, Functions.PURGE);

    public static final List<ScheduleDef> ALL = List.of(TIMERS, PURGE);

    private Schedules() {}
}
