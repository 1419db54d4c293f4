package com.safehold.local;

import com.safehold.domain.common.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The local platform's clock: real time plus an offset that only grows ({@code /local/clock/advance},
 * SPEC 2). Every handler, timer and the JWT authorizer read it, so moving it moves all of them at once.
 *
 * <p>It remembers when (in real time) each advance happened. cognito-local keeps real time, so a token it
 * issued at real time {@code t} was, in platform time, issued at {@code t + offsetAt(t)}; that is how the
 * authorizer ages sessions coherently under time travel.
 */
public final class LocalClock implements Clock {

    private final Supplier<Instant> realTime;
    private final List<Step> steps = new ArrayList<>();
    private Duration offset = Duration.ZERO;

    private record Step(Instant realTime, Duration offsetAfter) {}

    public LocalClock() {
        this(Instant::now);
    }

    /** For tests: a clock whose real time is given. */
    public LocalClock(Supplier<Instant> realTime) {
        this.realTime = realTime;
    }

    @Override
    public synchronized Instant now() {
        return realTime.get().plus(offset);
    }

    /** Moves platform time forward. Time never goes backwards: signed-up rules rely on it. */
    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset = offset.plus(by);
        steps.add(new Step(realTime.get(), offset));
        return now();
    }

    public synchronized Duration offset() {
        return offset;
    }

    /** The offset that was in force at a moment of real time. */
    public synchronized Duration offsetAt(Instant real) {
        Duration at = Duration.ZERO;
        for (Step step : steps) {
            if (step.realTime().isAfter(real)) {
                break;
            }
            at = step.offsetAfter();
        }
        return at;
    }

    /** Converts a real-time instant (e.g. a token's {@code iat}) into platform time. */
    public Instant toPlatformTime(Instant real) {
        return real.plus(offsetAt(real));
    }
}
