package com.safehold.domain.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferDraftTest {

    static OfferDraft valid() {
        return new OfferDraft("Guided city walk", "Two hours through the old town", 12000, "EUR", 120,
                List.of(new Term("t1", TermKind.INTRO_MEETING, "We meet at the café first")),
                new Venue("Café Central", 48.2104, 16.3656, 150), new CancellationPolicy(48, 50, 6));
    }

    @Test
    void aValidDraft_passes() {
        assertThatCode(() -> valid().validate()).doesNotThrowAnyException();
    }

    @Test
    void negativeZeroAndAbsurdPrices_areInvalidAmounts() {
        for (long price : new long[] {-1, 0, 10_000_001}) {
            var d = valid();
            var draft = new OfferDraft(d.title(), d.description(), price, "EUR", 60, d.terms(), d.venue(),
                    d.cancellationPolicy());
            assertThat(codes(draft)).containsExactly("invalid_amount");
        }
    }

    @Test
    void unknownCurrency_isUnsupported() {
        var d = valid();
        assertThat(codes(new OfferDraft(d.title(), d.description(), 100, "ZZZ", 60, d.terms(), d.venue(),
                d.cancellationPolicy()))).containsExactly("unsupported_currency");
    }

    @Test
    void everyViolation_isReportedAtOnce_withItsFieldPath() {
        var draft = new OfferDraft(" ", null, 0, "EUR", 1,
                List.of(new Term("t1", TermKind.CUSTOM, "x"), new Term("t1", TermKind.CUSTOM, "")),
                new Venue("Café", 91, 0, 10), new CancellationPolicy(2, 101, 3));
        ValidationException e = catchThrowableOfType(ValidationException.class, draft::validate);
        assertThat(e.violations()).extracting(Violation::field).containsExactly(
                "title", "priceCents", "durationMinutes", "terms[1].id", "terms[1].text", "venue.lat",
                "venue.radiusMeters", "cancellationPolicy.lateRefundPercent",
                "cancellationPolicy.noCancelWithinHours");
        assertThat(e.code()).isEqualTo("invalid_length");
    }

    @Test
    void controlCharacters_areRefused() {
        var d = valid();
        assertThat(codes(new OfferDraft("Walk\u0000", d.description(), 100, "EUR", 60, d.terms(), d.venue(),
                d.cancellationPolicy()))).containsExactly("invalid_characters");
    }

    private static List<String> codes(OfferDraft draft) {
        ValidationException e = catchThrowableOfType(ValidationException.class, draft::validate);
        return e.violations().stream().map(Violation::code).toList();
    }
}
