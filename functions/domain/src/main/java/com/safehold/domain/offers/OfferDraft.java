package com.safehold.domain.offers;

import com.safehold.domain.common.Currencies;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.Violations;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider submits to create or replace an offer, already of the right JSON types. {@link #validate}
 * applies the business limits; {@link Offer} is only ever built from a valid draft.
 */
public record OfferDraft(
        String title,
        String description,
        long priceCents,
        String currency,
        int durationMinutes,
        List<Term> terms,
        Venue venue,
        CancellationPolicy cancellationPolicy) {

    public static final int MAX_TITLE = 120;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_TERMS = 20;
    public static final int MAX_TERM_TEXT = 1000;
    public static final int MIN_DURATION_MINUTES = 5;
    public static final int MAX_DURATION_MINUTES = 24 * 60;
    public static final int MIN_RADIUS_METERS = 25;
    public static final int MAX_RADIUS_METERS = 5000;
    public static final int MAX_POLICY_HOURS = 30 * 24;
    private static final Pattern TERM_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public OfferDraft {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    /** Checks every business limit and reports all violations at once. */
    public void validate() {
        Violations v = new Violations();
        text(v, "title", title, 1, MAX_TITLE);
        text(v, "description", description == null ? "" : description, 0, MAX_DESCRIPTION);
        if (priceCents <= 0 || priceCents > Money.MAX_MINOR_UNITS) {
            v.add("priceCents", "invalid_amount",
                    "priceCents must be a whole number of minor units from 1 to " + Money.MAX_MINOR_UNITS);
        }
        if (Currencies.parse(currency).isEmpty()) {
            v.add("currency", "unsupported_currency", "currency must be an ISO-4217 code such as EUR");
        }
        if (durationMinutes < MIN_DURATION_MINUTES || durationMinutes > MAX_DURATION_MINUTES) {
            v.add("durationMinutes", "out_of_range",
                    "durationMinutes must be " + MIN_DURATION_MINUTES + ".." + MAX_DURATION_MINUTES);
        }
        validateTerms(v);
        if (venue != null) {
            validateVenue(v);
        }
        validatePolicy(v);
        v.throwIfAny();
    }

    public Money price() {
        Currency c = Currencies.parse(currency).orElseThrow();
        return Money.of(priceCents, c);
    }

    private void validateTerms(Violations v) {
        if (terms.size() > MAX_TERMS) {
            v.add("terms", "too_many_items", "at most " + MAX_TERMS + " terms");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            Term term = terms.get(i);
            String at = "terms[" + i + "]";
            if (term.id() == null || !TERM_ID.matcher(term.id()).matches()) {
                v.add(at + ".id", "invalid_format", "term id must be 1..32 letters, digits, '-' or '_'");
            } else if (!ids.add(term.id())) {
                v.add(at + ".id", "duplicate", "term ids must be unique within an offer");
            }
            text(v, at + ".text", term.text(), 1, MAX_TERM_TEXT);
        }
    }

    private void validateVenue(Violations v) {
        text(v, "venue.name", venue.name(), 1, MAX_TITLE);
        if (!(venue.lat() >= -90 && venue.lat() <= 90)) {
            v.add("venue.lat", "out_of_range", "lat must be -90..90");
        }
        if (!(venue.lon() >= -180 && venue.lon() <= 180)) {
            v.add("venue.lon", "out_of_range", "lon must be -180..180");
        }
        if (venue.radiusMeters() < MIN_RADIUS_METERS || venue.radiusMeters() > MAX_RADIUS_METERS) {
            v.add("venue.radiusMeters", "out_of_range",
                    "radiusMeters must be " + MIN_RADIUS_METERS + ".." + MAX_RADIUS_METERS);
        }
    }

    private void validatePolicy(Violations v) {
        CancellationPolicy p = cancellationPolicy;
        if (p == null) {
            v.add("cancellationPolicy", "missing_field", "cancellationPolicy is required");
            return;
        }
        if (p.freeUntilHours() < 0 || p.freeUntilHours() > MAX_POLICY_HOURS) {
            v.add("cancellationPolicy.freeUntilHours", "out_of_range", "freeUntilHours must be 0.." + MAX_POLICY_HOURS);
        }
        if (p.lateRefundPercent() < 0 || p.lateRefundPercent() > 100) {
            v.add("cancellationPolicy.lateRefundPercent", "out_of_range", "lateRefundPercent must be 0..100");
        }
        if (p.noCancelWithinHours() < 0 || p.noCancelWithinHours() > p.freeUntilHours()) {
            v.add("cancellationPolicy.noCancelWithinHours", "out_of_range",
                    "noCancelWithinHours must be 0..freeUntilHours: the no-cancel window lies inside the late window");
        }
    }

    private static void text(Violations v, String field, String value, int min, int max) {
        if (value == null) {
            v.add(field, "missing_field", field + " is required");
            return;
        }
        int length = value.strip().codePointCount(0, value.strip().length());
        if (length < min || value.codePointCount(0, value.length()) > max) {
            v.add(field, "invalid_length", field + " must be " + min + ".." + max + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            v.add(field, "invalid_characters", field + " must not contain control characters");
        }
    }
}
