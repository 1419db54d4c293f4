package com.safehold.domain.history;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.UserId;
import java.util.List;

/** Port: a provider's bookings page by page (the export), through the provider index. */
public interface BookingArchive {

    /**
     * @param cursor where the previous page ended, or null for the first: the id of a booking of this provider,
     *               and the page starts after it
     * @return up to {@code limit} bookings not yet purged, and the cursor of the next page (null after the last)
     */
    Page page(UserId provider, String cursor, int limit);

    record Page(List<Booking> bookings, String nextCursor) {}
}
