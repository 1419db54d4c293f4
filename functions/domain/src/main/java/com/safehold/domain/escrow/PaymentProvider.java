package com.safehold.domain.escrow;

/**
 * Port: the payment provider behind escrow, shaped like manual capture (Stripe: a PaymentIntent with
 * {@code capture_method=manual}, then captures and transfers per booking). Every call carries an idempotency
 * key (the escrow command id), so a call repeated after a crash or a redelivery does nothing new and answers
 * as the first one did. docs/decisions/0009-bookings-and-escrow.md covers holds that outlive an authorisation window.
 */
public interface PaymentProvider {

    /** Blocks {@code amount} on the payment method (card) or records the settled funds (invoice and the like). */
    HoldOutcome hold(String idempotencyKey, String bookingId, String paymentMethod, long amount, String currency);

    /**
     * Moves part of a booking's held funds: to the platform or the provider (capture and transfer), or back to
     * the customer (release of the authorisation, or refund once captured).
     */
    void move(String idempotencyKey, String bookingId, MovementKind kind, long amount, String currency);

    enum HoldOutcome { APPROVED, DECLINED }

    /** The provider could not answer now (timeout, 5xx): retry later with the same key. */
    final class TemporarilyUnavailable extends RuntimeException {
        public TemporarilyUnavailable(String message) {
            super(message);
        }
    }
}
