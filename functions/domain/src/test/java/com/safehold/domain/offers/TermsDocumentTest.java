package com.safehold.domain.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsDocumentTest {

    private static final List<Term> TERMS = List.of(new Term("t1", TermKind.INTRO_MEETING, "Meet at the café first"));
    private static final Venue CAFE = new Venue("Café Central", 48.2104, 16.3656, 150);
    private static final CancellationPolicy POLICY = new CancellationPolicy(48, 50, 6);

    @Test
    void version_isStable_forTheSameDocument() {
        assertThat(new TermsDocument(TERMS, CAFE, POLICY).version())
                .isEqualTo(new TermsDocument(List.copyOf(TERMS), CAFE, POLICY).version())
                .hasSize(16);
    }

    @Test
    void version_changes_whenAnyTermVenueOrPolicyValueChanges() {
        String base = new TermsDocument(TERMS, CAFE, POLICY).version();
        assertThat(new TermsDocument(List.of(new Term("t1", TermKind.INTRO_MEETING, "Meet at the bar first")), CAFE,
                POLICY).version()).isNotEqualTo(base);
        assertThat(new TermsDocument(List.of(new Term("t1", TermKind.LOCATION, "Meet at the café first")), CAFE,
                POLICY).version()).isNotEqualTo(base);
        assertThat(new TermsDocument(TERMS, new Venue("Café Central", 48.2104, 16.3656, 151), POLICY).version())
                .isNotEqualTo(base);
        assertThat(new TermsDocument(TERMS, null, POLICY).version()).isNotEqualTo(base);
        assertThat(new TermsDocument(TERMS, CAFE, new CancellationPolicy(48, 50, 5)).version()).isNotEqualTo(base);
        assertThat(new TermsDocument(List.of(), CAFE, POLICY).version()).isNotEqualTo(base);
    }

    @Test
    void canonicalText_cannotBeForgedByMovingTextBetweenFields() {
        TermsDocument a = new TermsDocument(List.of(new Term("t1", TermKind.CUSTOM, "a b")), null, POLICY);
        TermsDocument b = new TermsDocument(List.of(new Term("t1 1:a", TermKind.CUSTOM, "b")), null, POLICY);
        assertThat(a.sha256()).isNotEqualTo(b.sha256());
    }
}
