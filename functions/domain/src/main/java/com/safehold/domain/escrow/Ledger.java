package com.safehold.domain.escrow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A booking's double-entry ledger, hash-chained (SPEC 4.4). Immutable: {@link #append} returns the entries of
 * one transaction (two legs, summing to zero), which the store writes atomically, each under the condition that
 * its position is still free, so the chain cannot fork.
 */
public final class Ledger {

    private final String bookingId;
    private final String currency;
    private final List<LedgerEntry> entries;

    public Ledger(String bookingId, String currency, List<LedgerEntry> entries) {
        this.bookingId = Objects.requireNonNull(bookingId);
        this.currency = Objects.requireNonNull(currency);
        this.entries = List.copyOf(entries);
    }

    public List<LedgerEntry> entries() {
        return entries;
    }

    /** Whether a transaction with this id was recorded (commands are applied at most once). */
    public boolean contains(String transactionId) {
        return entries.stream().anyMatch(e -> e.transactionId().equals(transactionId));
    }

    /**
     * The two entries that move {@code amount} as {@code kind}, chained after the last entry.
     *
     * @throws IllegalArgumentException for a non-positive amount, or one that would take escrow below zero
     */
    public List<LedgerEntry> append(String transactionId, MovementKind kind, long amount, Instant at) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a movement moves a positive amount");
        }
        EscrowBalance now = balance();
        if (kind.from() == LedgerAccount.ESCROW && amount > now.stillHeld()) {
            throw new IllegalArgumentException("escrow holds " + now.stillHeld() + ", cannot move " + amount);
        }
        if (kind.from() == LedgerAccount.PLATFORM && amount > now.toPlatform()) {
            throw new IllegalArgumentException("the platform received " + now.toPlatform() + ", cannot return " + amount);
        }
        long seq = entries.size() + 1L;
        String prev = entries.isEmpty() ? LedgerEntry.GENESIS : entries.getLast().hash();
        LedgerEntry debit = LedgerEntry.chained(bookingId, seq, transactionId, kind, kind.from(), -amount, currency,
                at, prev);
        LedgerEntry credit = LedgerEntry.chained(bookingId, seq + 1, transactionId, kind, kind.to(), amount, currency,
                at, debit.hash());
        return List.of(debit, credit);
    }

    public Ledger with(List<LedgerEntry> appended) {
        List<LedgerEntry> all = new ArrayList<>(entries);
        all.addAll(appended);
        return new Ledger(bookingId, currency, all);
    }

    public EscrowBalance balance() {
        long held = 0;
        long platform = 0;
        long provider = 0;
        long refunded = 0;
        long escrow = 0;
        for (LedgerEntry e : entries) {
            switch (e.account()) {
                case ESCROW -> escrow += e.amount();
                case PLATFORM -> platform += e.amount();
                case PROVIDER -> provider += e.amount();
                case CUSTOMER -> {
                    if (e.kind() == MovementKind.HOLD) {
                        held -= e.amount();
                    } else {
                        refunded += e.amount();
                    }
                }
            }
        }
        return new EscrowBalance(held, platform, provider, refunded, escrow);
    }

    /**
     * Whether the chain is intact: positions 1..n without gaps, each {@code prevHash} the previous hash, each
     * hash right for its content, and every transaction summing to zero.
     */
    public boolean verifies() {
        String prev = LedgerEntry.GENESIS;
        java.util.Map<String, Long> sums = new java.util.HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry e = entries.get(i);
            if (e.seq() != i + 1L || !e.prevHash().equals(prev) || !e.hashMatches()
                    || !e.bookingId().equals(bookingId)) {
                return false;
            }
            sums.merge(e.transactionId(), e.amount(), Long::sum);
            prev = e.hash();
        }
        return sums.values().stream().allMatch(sum -> sum == 0);
    }
}
