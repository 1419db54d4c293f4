package com.safehold.domain.history;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Port: what the purge reads and writes (SPEC 4.10). Every read is an index query, never a scan. */
public interface PurgeStore {

    /**
     * One index page of bookings not yet purged that ended before {@code endedBefore}, oldest first.
     *
     * @param resumeAfter where the previous page of this sweep ended ({@link Due#resumeAfter()}), or null to start
     * @param limit       at most this many index entries are read
     */
    Due due(Instant endedBefore, String resumeAfter, int limit);

    /** The same, for one provider's bookings (a provider's shorter retention). */
    Due dueFor(UserId provider, Instant endedBefore, String resumeAfter, int limit);

    /**
     * A page of due bookings. The sweep resumes after the page instead of asking again from the start, so the
     * bookings it holds back (which stay due) are read once per run, not once per batch.
     *
     * @param unreadable  ids of due items that could not be read as bookings: reported, never a reason to stop
     * @param resumeAfter where the next page starts, or null when this was the last
     */
    record Due(List<Booking> bookings, List<String> unreadable, String resumeAfter) {
        public Due {
            bookings = List.copyOf(bookings);
            unreadable = List.copyOf(unreadable);
        }
    }

    /**
     * Deletes everything personal hanging off the booking (messages, change requests, disputes with their
     * statements and evidence), gives its ledger a 10-year expiry, and replaces the booking by its
     * pseudonymised accounting record, all idempotent: a run that crashes half-way is finished by the next.
     *
     * @return false when the booking changed since it was read (it is left for the next run)
     */
    boolean purge(Booking booking, Instant at, Instant keepAccountingUntil);

    /** Providers who chose a shorter retention, with their days. */
    Map<UserId, Integer> customRetention();

    void setRetention(UserId provider, int bookingsDays);

    void saveRun(PurgeReport report);

    /** The latest runs, newest first. */
    List<PurgeReport> runs(int limit);
}
