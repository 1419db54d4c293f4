package com.safehold.domain.history;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Role;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.disputes.SafetyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A provider's archive before the purge (SPEC 4.10 {@code GET /v1/providers/me/bookings/export}): their
 * bookings that ended before a date, each with its messages, change requests and disputes, a page at a time, so a
 * provider with 100 000 bookings is exported in many short requests, each well inside Lambda's limits.
 */
public final class HistoryExport {

    /** Bookings per page: with their messages, a page stays far below Lambda's 6 MB response limit. */
    public static final int PAGE_SIZE = 100;

    private final BookingArchive archive;
    private final SafetyStore safety;

    public HistoryExport(BookingArchive archive, SafetyStore safety) {
        this.archive = Objects.requireNonNull(archive);
        this.safety = Objects.requireNonNull(safety);
    }

    /** One exported booking: the booking and what was said in it. */
    public record Entry(Booking booking, List<Message> messages, List<ChangeRequest> changeRequests,
            List<Dispute> disputes) {}

    /** One page: the entries and the cursor of the next page, or null after the last. */
    public record Page(List<Entry> entries, String nextCursor) {}

    public Page page(Caller caller, Instant endedBefore, String cursor) {
        caller.require(Role.PROVIDER);
        BookingArchive.Page page = archive.page(caller.userId(), cursor, PAGE_SIZE);
        List<Entry> entries = new ArrayList<>();
        for (Booking booking : page.bookings()) {
            if (booking.endsAt().isBefore(endedBefore)) {
                entries.add(new Entry(booking, safety.messages(booking.bookingId()),
                        safety.changeRequests(booking.bookingId()), safety.disputesOf(booking.bookingId())));
            }
        }
        return new Page(entries, page.nextCursor());
    }
}
