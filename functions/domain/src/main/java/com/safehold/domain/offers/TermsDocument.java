package com.safehold.domain.offers;

import com.safehold.domain.common.Hashes;
import java.util.List;

/**
 * What a client consents to: the terms, the venue they name, and the cancellation policy. Its SHA-256 is
 * the basis of the offer's {@code termsVersion} and of consent receipts (SPEC 4.4), so any change to any
 * of it changes the version, and an unchanged document keeps it (docs/decisions/0005-terms-version.md).
 */
public record TermsDocument(List<Term> terms, Venue venue, CancellationPolicy policy) {

    private static final int VERSION_HEX_CHARS = 16;

    public TermsDocument {
        terms = List.copyOf(terms);
    }

    /** Unambiguous text form: every value length-prefixed, so no two documents share it. */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder("safehold-terms/1\n");
        for (Term t : terms) {
            field(sb, "term", t.id(), t.kind().name(), t.text());
        }
        if (venue != null) {
            field(sb, "venue", venue.name(), Double.toString(venue.lat()), Double.toString(venue.lon()),
                    Integer.toString(venue.radiusMeters()));
        }
        field(sb, "policy", Integer.toString(policy.freeUntilHours()), Integer.toString(policy.lateRefundPercent()),
                Integer.toString(policy.noCancelWithinHours()));
        return sb.toString();
    }

    /** Hex SHA-256 of {@link #canonicalText()}. */
    public String sha256() {
        return Hashes.sha256Hex(canonicalText());
    }

    /** The offer's terms version: the first 64 bits of {@link #sha256()}, in hex. */
    public String version() {
        return sha256().substring(0, VERSION_HEX_CHARS);
    }

    private static void field(StringBuilder sb, String name, String... parts) {
        sb.append(name);
        for (String part : parts) {
            sb.append(' ').append(part.length()).append(':').append(part);
        }
        sb.append('\n');
    }
}
