package com.safehold.domain.escrow;

import com.safehold.domain.common.Hashes;
import java.time.Instant;
import java.util.Objects;

/**
 * One leg of a ledger transaction: a signed amount on one account. Each entry's {@code hash} covers its
 * content and the previous entry's hash, so rewriting any entry breaks every hash after it.
 *
 * @param seq    position in the booking's ledger, from 1, without gaps
 * @param amount minor units; negative debits the account, positive credits it
 */
public record LedgerEntry(String bookingId, long seq, String transactionId, MovementKind kind, LedgerAccount account,
        long amount, String currency, Instant at, String prevHash, String hash) {

    /** The {@code prevHash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    public LedgerEntry {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(transactionId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(account);
        Objects.requireNonNull(currency);
        Objects.requireNonNull(at);
        Objects.requireNonNull(prevHash);
        Objects.requireNonNull(hash);
    }

    /** An entry chained to {@code prevHash}, with its hash computed. */
    static LedgerEntry chained(String bookingId, long seq, String transactionId, MovementKind kind,
            LedgerAccount account, long amount, String currency, Instant at, String prevHash) {
        return new LedgerEntry(bookingId, seq, transactionId, kind, account, amount, currency, at, prevHash,
                hashOf(bookingId, seq, transactionId, kind, account, amount, currency, at, prevHash));
    }

    /** Whether {@code hash} is right for the content and {@code prevHash}. */
    public boolean hashMatches() {
        return hash.equals(hashOf(bookingId, seq, transactionId, kind, account, amount, currency, at, prevHash));
    }

    /**
     * The canonical text that is hashed: fields separated by {@code |}, times in epoch milliseconds. Ids are
     * Safehold's own (no {@code |} in them), so the text is unambiguous; clients can recompute it.
     */
    static String hashOf(String bookingId, long seq, String transactionId, MovementKind kind, LedgerAccount account,
            long amount, String currency, Instant at, String prevHash) {
        return Hashes.sha256Hex(String.join("|", prevHash, bookingId, Long.toString(seq), transactionId, kind.name(),
                account.name(), Long.toString(amount), currency, Long.toString(at.toEpochMilli())));
    }
}
