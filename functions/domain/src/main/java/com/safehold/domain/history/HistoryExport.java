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

    /** Bookings per page, at most. */
    public static final int PAGE_SIZE = 100;
    /**
     * What the texts of one page (messages, change requests, statements) may add up to, in characters, before the
     * page ends early: at up to 3 bytes a character in UTF-8, plus JSON, a page stays under Lambda's 6 MB response
     * limit however much was said in its bookings. A single booking is never split.
     */
    static final int PAGE_TEXT_BUDGET = 1_500_000;

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
        long textLength = 0;
        List<Booking> bookings = page.bookings();
        for (int i = 0; i < bookings.size(); i++) {
            Booking booking = bookings.get(i);
            if (!booking.endsAt().isBefore(endedBefore)) {
                continue;
            }
            Entry entry = new Entry(booking, safety.messages(booking.bookingId()),
                    safety.changeRequests(booking.bookingId()), safety.disputesOf(booking.bookingId()));
            entries.add(entry);
            textLength += textLength(entry);
            if (textLength > PAGE_TEXT_BUDGET && i < bookings.size() - 1) {
                return new Page(entries, booking.bookingId()); // the rest of this archive page comes next
            }
        }
        return new Page(entries, page.nextCursor());
    }

    private static long textLength(Entry entry) {
        long length = 0;
        for (Message m : entry.messages()) {
            length += m.text().length();
        }
        for (ChangeRequest c : entry.changeRequests()) {
            length += c.text().length();
        }
        for (Dispute d : entry.disputes()) {
            length += lengthOf(d.statement()) + lengthOf(d.objection()) + lengthOf(d.resolution());
        }
        return length;
    }

    private static int lengthOf(String text) {
        return text == null ? 0 : text.length();
    }
}
