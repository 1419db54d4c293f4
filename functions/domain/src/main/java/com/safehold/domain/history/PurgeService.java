package com.safehold.domain.history;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.common.Violations;
import com.safehold.domain.settings.SettingsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Clean history (SPEC 4.10): retention, and the daily purge. A booking that ended more than its retention
 * ago (the platform's {@code retention.bookingsDays}, or its provider's shorter choice) and holds no open
 * money or dispute loses all personal data; a pseudonymised accounting record and its ledger stay for 10
 * years. Open ones are held back and reported.
 *
 * <p>The purge reads what is due through indexes keyed by the slot's end, so its cost follows what it
 * purges, not the table size. It works in batches while its time budget lasts; each booking's purge is
 * idempotent and ends with one conditional write, so a crash loses nothing and a second run changes
 * nothing.
 */
public final class PurgeService {

    /** Tax law: accounting records are kept ten years (then DynamoDB TTL removes them). */
    public static final Duration ACCOUNTING_RETENTION = Duration.ofDays(3653);
    static final int BATCH = 100;

    private final PurgeStore store;
    private final SettingsSource settings;
    private final Clock clock;
    private final Ids ids;

    public PurgeService(PurgeStore store, SettingsSource settings, Clock clock, Ids ids) {
        this.store = Objects.requireNonNull(store);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    /** A provider's shorter retention for their own bookings; longer than the platform's is refused (400). */
    public int setRetention(Caller caller, int bookingsDays) {
        caller.require(Role.PROVIDER);
        int platform = settings.current().retentionBookingsDays();
        if (bookingsDays < 1 || bookingsDays > platform) {
            Violations v = new Violations();
            v.add("bookingsDays", "out_of_range", "bookingsDays must be 1.." + platform
                    + " (the platform keeps bookings at most that long)");
            v.throwIfAny();
        }
        store.setRetention(caller.userId(), bookingsDays);
        return bookingsDays;
    }

    public List<PurgeReport> runs(Caller caller, int limit) {
        caller.require(Role.ADMIN);
        return store.runs(limit);
    }

    /**
     * One run: purges what is due until nothing is left or {@code timeLeft} says stop, then records the report.
     *
     * @param timeLeft true while there is time for another batch (the Lambda's remaining time)
     */
    public PurgeReport run(BooleanSupplier timeLeft) {
        Instant started = clock.now();
        Counts counts = new Counts();
        boolean complete = sweep(b -> store.due(started.minus(Duration.ofDays(settings.current().retentionBookingsDays())),
                b), counts, timeLeft, started);
        for (Map.Entry<UserId, Integer> custom : store.customRetention().entrySet()) {
            if (!complete) {
                break;
            }
            Instant cutoff = started.minus(Duration.ofDays(custom.getValue()));
            complete = sweep(b -> store.dueFor(custom.getKey(), cutoff, b), counts, timeLeft, started);
        }
        PurgeReport report = new PurgeReport(ids.next("prg"), started, clock.now(), counts.purged, counts.heldBack.size(),
                counts.heldBack.stream().limit(PurgeReport.MAX_LISTED).toList(), counts.changed,
                counts.failed.stream().limit(PurgeReport.MAX_LISTED).toList(), complete);
        store.saveRun(report);
        return report;
    }

    private interface Batch {
        List<Booking> next(int limit);
    }

    private static final class Counts {
        int purged;
        int changed;
        final Set<String> heldBack = new java.util.LinkedHashSet<>();
        final List<String> failed = new ArrayList<>();
    }

    /** Purges batch after batch from one index; false when time ran out first. */
    private boolean sweep(Batch batches, Counts counts, BooleanSupplier timeLeft, Instant now) {
        Set<String> seen = new HashSet<>();
        while (timeLeft.getAsBoolean()) {
            // held-back bookings stay due, so ask for enough to get past them
            List<Booking> batch = batches.next(BATCH + seen.size());
            List<Booking> fresh = new ArrayList<>();
            for (Booking booking : batch) {
                if (seen.add(booking.bookingId())) {
                    fresh.add(booking);
                }
            }
            if (fresh.isEmpty()) {
                return true;
            }
            for (Booking booking : fresh) {
                if (booking.isOpenObligation()) {
                    counts.heldBack.add(booking.bookingId());
                    continue;
                }
                try {
                    if (store.purge(booking, now, now.plus(ACCOUNTING_RETENTION))) {
                        counts.purged++;
                    } else {
                        counts.changed++;
                    }
                } catch (RuntimeException failed) {
                    counts.failed.add(booking.bookingId()); // its steps are idempotent: the next run tries again
                }
            }
        }
        return false;
    }
}
