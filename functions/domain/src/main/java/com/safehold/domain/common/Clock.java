package com.safehold.domain.common;

import java.time.Instant;

/**
 * Port: what time it is. Every rule that depends on time asks this, never the system clock, so the local
 * platform can move time for every handler at once (SPEC 2, {@code /local/clock/advance}).
 */
@FunctionalInterface
public interface Clock {

    Instant now();

    /** The real clock, used in AWS. */
    static Clock system() {
        return Instant::now;
    }
}
