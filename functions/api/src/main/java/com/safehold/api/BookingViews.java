package com.safehold.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.TimelineEvent;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.users.PublicProfile;

/**
 * A booking as its parties see it (SPEC 4.4 {@code GET /v1/bookings/{id}}), shared by the booking routes and
 * the personal-data export, so both show the same fields the same way.
 */
public final class BookingViews {

    private BookingViews() {}

    /** The booking; {@code counterparty} is the other party's public profile, or null to leave it out. */
    public static ObjectNode view(Booking booking, PublicProfile counterparty) {
        ObjectNode out = Json.object()
                .put("bookingId", booking.bookingId())
                .put("offerId", booking.offerId())
                .put("status", booking.status().name())
                .put("startsAt", booking.startsAt().toString())
                .put("endsAt", booking.endsAt().toString());
        out.set("amounts", amounts(booking.amounts()));
        EscrowBalance e = booking.escrow();
        out.putObject("escrow")
                .put("heldCents", e.held())
                .put("toPlatformCents", e.toPlatform())
                .put("toProviderCents", e.toProvider())
                .put("refundedCents", e.refunded())
                .put("stillHeldCents", e.stillHeld())
                .put("frozen", booking.status() == com.safehold.domain.bookings.BookingStatus.DISPUTED);
        if (counterparty != null) {
            out.set("counterparty", CounterpartyJson.of(counterparty));
        }
        out.putObject("consent")
                .put("termsVersion", booking.consent().termsVersion())
                .put("termsSha256", booking.consent().termsSha256())
                .put("acceptedAt", booking.consent().acceptedAt().toString());
        ArrayNode timeline = out.putArray("timeline");
        for (TimelineEvent event : booking.timeline()) {
            ObjectNode item = timeline.addObject().put("status", event.status().name()).put("at", event.at().toString());
            if (event.reason() != null) {
                item.put("reason", event.reason());
            }
        }
        return out;
    }

    public static ObjectNode amounts(Amounts amounts) {
        return Json.object()
                .put("priceCents", amounts.price().minorUnits())
                .put("bookingFeeCents", amounts.bookingFee().minorUnits())
                .put("totalCents", amounts.total().minorUnits())
                .put("currency", amounts.currency());
    }
}
