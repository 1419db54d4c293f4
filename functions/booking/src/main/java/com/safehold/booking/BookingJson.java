package com.safehold.booking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.BookingViews;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingRequest;
import com.safehold.domain.bookings.BookingService.CheckInCode;
import com.safehold.domain.escrow.Ledger;
import com.safehold.domain.escrow.LedgerEntry;
import java.time.Instant;

/** The booking routes' bodies (SPEC 4.4). */
final class BookingJson {

    private BookingJson() {}

    static BookingRequest request(JsonFields body) {
        String offerId = body.string("offerId");
        Instant startsAt = body.instant("startsAt");
        String termsVersion = body.string("acceptedTermsVersion");
        Boolean terms = body.bool("acceptTermsAndConditions");
        Boolean policy = body.bool("acceptCancellationPolicy");
        String paymentMethod = body.string("paymentMethod");
        body.finish();
        return new BookingRequest(offerId, startsAt, termsVersion, terms, policy, paymentMethod);
    }

    static ObjectNode created(Booking booking) {
        ObjectNode out = Json.object().put("bookingId", booking.bookingId()).put("status", booking.status().name());
        out.set("amounts", BookingViews.amounts(booking.amounts()));
        return out;
    }

    static ObjectNode ledger(Ledger ledger, String bookingId) {
        ObjectNode out = Json.object().put("bookingId", bookingId).put("verified", ledger.verifies());
        ArrayNode entries = out.putArray("entries");
        for (LedgerEntry e : ledger.entries()) {
            entries.addObject()
                    .put("seq", e.seq())
                    .put("transactionId", e.transactionId())
                    .put("kind", e.kind().name())
                    .put("account", e.account().name())
                    .put("amountCents", e.amount())
                    .put("currency", e.currency())
                    .put("at", e.at().toString())
                    .put("prevHash", e.prevHash())
                    .put("hash", e.hash());
        }
        return out;
    }

    static ObjectNode checkInCode(CheckInCode code) {
        return Json.object().put("code", code.code()).put("expiresAt", code.expiresAt().toString());
    }

}
