package com.safehold.domain.history;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Port: what the purge reads and writes (SPEC 4.10). Every read is an index query, never a scan. */
public interface PurgeStore {

    /** Bookings not yet purged that ended before {@code endedBefore}, oldest first, at most {@code limit}. */
    List<Booking> due(Instant endedBefore, int limit);

    /** The same, for one provider's bookings (a provider's shorter retention). */
    List<Booking> dueFor(UserId provider, Instant endedBefore, int limit);

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
