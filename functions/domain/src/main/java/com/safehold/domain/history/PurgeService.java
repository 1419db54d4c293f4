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
import java.util.HashSet;
import java.util.LinkedHashSet;
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
        Instant platformCutoff = started.minus(Duration.ofDays(settings.current().retentionBookingsDays()));
        boolean complete = sweep((after, limit) -> store.due(platformCutoff, after, limit), counts, timeLeft, started);
        for (Map.Entry<UserId, Integer> custom : store.customRetention().entrySet()) {
            if (!complete) {
                break;
            }
            Instant cutoff = started.minus(Duration.ofDays(custom.getValue()));
            complete = sweep((after, limit) -> store.dueFor(custom.getKey(), cutoff, after, limit), counts, timeLeft,
                    started);
        }
        PurgeReport report = new PurgeReport(ids.next("prg"), started, clock.now(), counts.purged, counts.heldBack.size(),
                counts.heldBack.stream().limit(PurgeReport.MAX_LISTED).toList(), counts.changed,
                counts.failed.stream().limit(PurgeReport.MAX_LISTED).toList(), complete);
        store.saveRun(report);
        return report;
    }

    /** One index's due bookings, a page at a time. */
    private interface DueIndex {
        PurgeStore.Due page(String resumeAfter, int limit);
    }

    private static final class Counts {
        int purged;
        int changed;
        final Set<String> heldBack = new LinkedHashSet<>();
        final Set<String> failed = new LinkedHashSet<>();
        /** Bookings this run met and left in place: a provider's own sweep meets them again and must not count twice. */
        final Set<String> leftInPlace = new HashSet<>();
    }

    /**
     * Purges page after page of one index, at most {@link #BATCH} at a time, resuming after the last page; false
     * when time ran out first. A batch is bounded, so one that starts with time left ends within the budget.
     */
    private boolean sweep(DueIndex index, Counts counts, BooleanSupplier timeLeft, Instant now) {
        String resumeAfter = null;
        while (timeLeft.getAsBoolean()) {
            PurgeStore.Due page = index.page(resumeAfter, BATCH);
            for (String unreadable : page.unreadable()) {
                if (counts.leftInPlace.add(unreadable)) {
                    counts.failed.add(unreadable);
                }
            }
            for (Booking booking : page.bookings()) {
                if (!counts.leftInPlace.contains(booking.bookingId())) {
                    purgeOne(booking, counts, now);
                }
            }
            if (page.resumeAfter() == null) {
                return true;
            }
            resumeAfter = page.resumeAfter();
        }
        return false;
    }

    private void purgeOne(Booking booking, Counts counts, Instant now) {
        if (booking.isOpenObligation()) {
            counts.heldBack.add(booking.bookingId());
            counts.leftInPlace.add(booking.bookingId());
            return;
        }
        try {
            if (store.purge(booking, now, now.plus(ACCOUNTING_RETENTION))) {
                counts.purged++;
            } else {
                counts.changed++;
                counts.leftInPlace.add(booking.bookingId());
            }
        } catch (RuntimeException failed) {
            counts.failed.add(booking.bookingId()); // its steps are idempotent: the next run tries again
            counts.leftInPlace.add(booking.bookingId());
        }
    }
}
