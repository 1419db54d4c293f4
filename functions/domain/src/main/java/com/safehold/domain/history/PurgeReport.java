package com.safehold.domain.history;

import java.time.Instant;
import java.util.List;

/**
 * One purge run (SPEC 4.10, {@code GET /v1/admin/purge-runs}): what it did, what it held back and why, how long
 * it took, and whether it got through everything due.
 *
 * @param heldBack the bookings kept because their escrow or dispute is still open (at most {@link #MAX_LISTED})
 * @param changed  bookings that changed while being purged, left for the next run
 * @param failed   bookings whose purge failed (an error, logged by id); left for the next run, so one bad
 *                 booking cannot stop the purge of all others
 * @param complete false when the run stopped at its time budget with bookings still due
 */
public record PurgeReport(String runId, Instant startedAt, Instant finishedAt, int purged, int heldBackCount,
        List<String> heldBack, int changed, List<String> failed, boolean complete) {

    public static final int MAX_LISTED = 100;

    public PurgeReport {
        heldBack = List.copyOf(heldBack);
        failed = List.copyOf(failed);
    }

    public long durationMillis() {
        return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
