package com.safehold.domain.offers;

/** What a provider's term is about (SPEC 4.3); change requests are checked against it later (SPEC 4.5). */
public enum TermKind { INTRO_MEETING, LOCATION, CONDUCT, CUSTOM }
