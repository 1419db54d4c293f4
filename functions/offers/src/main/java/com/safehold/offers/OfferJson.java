package com.safehold.offers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.CounterpartyJson;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.FeePreview;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.OfferDraft;
import com.safehold.domain.offers.OfferView;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.TermKind;
import com.safehold.domain.offers.Venue;
import java.util.ArrayList;
import java.util.List;

/** The JSON shapes of SPEC 4.3, mapped by hand so that every field that leaves the API is visible here. */
final class OfferJson {

    private OfferJson() {}

    /** Reads a create or replace body; every type error in the document is reported at once. */
    static OfferDraft draft(JsonFields body) {
        String title = body.string("title");
        String description = body.optionalString("description");
        Long priceCents = body.integer("priceCents");
        String currency = body.string("currency");
        Integer durationMinutes = body.smallInteger("durationMinutes");
        List<Term> terms = new ArrayList<>();
        for (JsonFields t : body.optionalObjects("terms", OfferDraft.MAX_TERMS)) {
            terms.add(new Term(t.string("id"), t.enumValue("kind", TermKind.class), t.string("text")));
        }
        JsonFields v = body.optionalObject("venue");
        Venue venue = null;
        Double lat = null;
        Double lon = null;
        Integer radius = null;
        String venueName = null;
        if (v != null) {
            venueName = v.string("name");
            lat = v.number("lat");
            lon = v.number("lon");
            radius = v.smallInteger("radiusMeters");
        }
        JsonFields p = body.object("cancellationPolicy");
        Integer freeUntil = null;
        Integer lateRefund = null;
        Integer noCancel = null;
        if (p != null) {
            freeUntil = p.smallInteger("freeUntilHours");
            lateRefund = p.smallInteger("lateRefundPercent");
            noCancel = p.smallInteger("noCancelWithinHours");
        }
        body.finish(); // from here on every required value is present and of the right type
        if (v != null) {
            venue = new Venue(venueName, lat, lon, radius);
        }
        return new OfferDraft(title, description, priceCents, currency, durationMinutes, terms, venue,
                new CancellationPolicy(freeUntil, lateRefund, noCancel));
    }

    static ObjectNode created(Offer offer) {
        ObjectNode node = Json.object();
        node.put("offerId", offer.offerId());
        node.put("termsVersion", offer.termsVersion());
        return node;
    }

    static ObjectNode view(OfferView view) {
        Offer o = view.offer();
        ObjectNode node = Json.object();
        node.put("offerId", o.offerId());
        node.put("title", o.title());
        node.put("description", o.description());
        node.put("priceCents", o.price().minorUnits());
        node.put("currency", o.price().currencyCode());
        node.put("durationMinutes", o.durationMinutes());
        ArrayNode terms = node.putArray("terms");
        for (Term t : o.terms()) {
            terms.addObject().put("id", t.id()).put("kind", t.kind().name()).put("text", t.text());
        }
        if (o.venue() == null) {
            node.putNull("venue");
        } else {
            node.putObject("venue").put("name", o.venue().name()).put("lat", o.venue().lat())
                    .put("lon", o.venue().lon()).put("radiusMeters", o.venue().radiusMeters());
        }
        CancellationPolicy p = o.cancellationPolicy();
        node.putObject("cancellationPolicy").put("freeUntilHours", p.freeUntilHours())
                .put("lateRefundPercent", p.lateRefundPercent()).put("noCancelWithinHours", p.noCancelWithinHours());
        node.put("termsVersion", o.termsVersion());
        node.set("provider", CounterpartyJson.of(view.provider()));
        FeePreview fee = view.feePreview();
        node.putObject("feePreview").put("priceCents", fee.price().minorUnits())
                .put("bookingFeeCents", fee.bookingFee().minorUnits()).put("totalCents", fee.total().minorUnits())
                .put("currency", fee.total().currencyCode());
        node.put("createdAt", o.createdAt().toString());
        node.put("updatedAt", o.updatedAt().toString());
        return node;
    }
}
