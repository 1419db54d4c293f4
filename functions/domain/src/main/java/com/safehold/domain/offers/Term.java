package com.safehold.domain.offers;

/** One of the provider's terms, which a client must accept before booking. */
public record Term(String id, TermKind kind, String text) {}
