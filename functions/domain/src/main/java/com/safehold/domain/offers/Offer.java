package com.safehold.domain.offers;

import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A provider's offer (SPEC 4.3). {@code revision} counts every write and guards concurrent updates;
 * {@code termsVersion} changes only when the {@link TermsDocument} does.
 */
public record Offer(
        String offerId,
        UserId providerId,
        String title,
        String description,
        Money price,
        int durationMinutes,
        List<Term> terms,
        Venue venue,
        CancellationPolicy cancellationPolicy,
        String termsVersion,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    public Offer {
        Objects.requireNonNull(offerId);
        Objects.requireNonNull(providerId);
        Objects.requireNonNull(price);
        Objects.requireNonNull(cancellationPolicy);
        terms = List.copyOf(terms);
    }

    public TermsDocument termsDocument() {
        return new TermsDocument(terms, venue, cancellationPolicy);
    }

    public boolean isOwnedBy(UserId userId) {
        return providerId.equals(userId);
    }
}
