package com.safehold.domain.bookings;

import com.safehold.domain.common.UserId;

/**
 * Port: tells a party that something happened to a booking (SNS in AWS, the local outbox here). The message
 * carries ids, statuses and amounts only: never a name, an e-mail, a phone number, a message text or a
 * service title, so HIPAA mode has nothing to strip.
 */
@FunctionalInterface
public interface Notifier {
    /** One notification to the booking's parties: one publish, whatever the number of recipients. */
    void notify(java.util.List<UserId> recipients, BookingNotification notification);

    /** What a notification says. */
    record BookingNotification(String bookingId, BookingStatus status, String reason) {
        public String text() {
            return "Booking " + bookingId + " is now " + status + (reason == null ? "" : " (" + reason + ")");
        }
    }
}
