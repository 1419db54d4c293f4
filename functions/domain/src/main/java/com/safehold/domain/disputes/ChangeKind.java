package com.safehold.domain.disputes;

import com.safehold.domain.offers.TermKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a change request asks to change (SPEC 4.5), and which kinds of accepted terms that contradicts:
 * <ul>
 *   <li>{@code LOCATION} contradicts {@code LOCATION} terms and {@code INTRO_MEETING} terms (the introductory
 *       meeting happens at the agreed place);</li>
 *   <li>{@code TIME} contradicts {@code INTRO_MEETING} terms (the meeting is agreed before the service, at its
 *       time); the slot itself is not a term — moving it is a new booking;</li>
 *   <li>{@code TERMS} contradicts every term: it asks to change what was agreed.</li>
 * </ul>
 */
public enum ChangeKind {
    LOCATION(EnumSet.of(TermKind.LOCATION, TermKind.INTRO_MEETING)),
    TIME(EnumSet.of(TermKind.INTRO_MEETING)),
    TERMS(EnumSet.allOf(TermKind.class));

    private final Set<TermKind> contradicts;

    ChangeKind(Set<TermKind> contradicts) {
        this.contradicts = contradicts;
    }

    public boolean contradicts(TermKind term) {
        return contradicts.contains(term);
    }
}
