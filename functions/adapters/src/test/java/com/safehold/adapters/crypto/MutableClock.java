package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A test clock that only moves when told to. */
final class MutableClock implements Clock {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T14:00:00Z"));

    @Override
    public Instant now() {
        return now.get();
    }

    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }
}
