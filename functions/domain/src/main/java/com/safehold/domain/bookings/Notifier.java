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

    /**
     * Tells both parties the booking's status and why, best effort: a lost notification never fails or undoes
     * a change that happened (the booking's timeline is the record).
     */
    default void tellParties(Booking booking, String reason) {
        try {
            notify(java.util.List.of(booking.customerId(), booking.providerId()),
                    new BookingNotification(booking.bookingId(), booking.status(), reason));
        } catch (RuntimeException lost) {
            // at most once, by design
        }
    }

    /** What a notification says. */
    record BookingNotification(String bookingId, BookingStatus status, String reason) {
        public String text() {
            return "Booking " + bookingId + " is now " + status + (reason == null ? "" : " (" + reason + ")");
        }
    }
}
