package com.safehold.domain.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final Instant T = Instant.parse("2026-11-23T14:00:00Z");

    private static Ledger apply(Ledger ledger, String txn, MovementKind kind, long amount) {
        return ledger.with(ledger.append(txn, kind, amount, T));
    }

    private static Ledger fullLife() {
        Ledger l = new Ledger("bkg_1", "EUR", List.of());
        l = apply(l, "bkg_1:hold", MovementKind.HOLD, 13200);
        l = apply(l, "bkg_1:accept", MovementKind.RELEASE_BOOKING_FEE, 1200);
        return apply(l, "bkg_1:check-in", MovementKind.RELEASE_SERVICE_FEE, 12000);
    }

    @Test
    void aBookingsLife_balancesAndChains() {
        Ledger ledger = fullLife();
        assertThat(ledger.entries()).hasSize(6);
        assertThat(ledger.verifies()).isTrue();
        assertThat(ledger.balance()).isEqualTo(new EscrowBalance(13200, 1200, 12000, 0, 0));
        assertThat(ledger.balance().invariantHolds()).isTrue();
        assertThat(ledger.entries().getFirst().prevHash()).isEqualTo(LedgerEntry.GENESIS);
        assertThat(ledger.contains("bkg_1:accept")).isTrue();
        assertThat(ledger.contains("bkg_1:cancel-refund")).isFalse();
    }

    @Test
    void rewritingAnyEntry_breaksTheChain() {
        List<LedgerEntry> entries = new ArrayList<>(fullLife().entries());
        LedgerEntry e = entries.get(3);
        entries.set(3, new LedgerEntry(e.bookingId(), e.seq(), e.transactionId(), e.kind(), e.account(), e.amount() + 1,
                e.currency(), e.at(), e.prevHash(), e.hash()));
        assertThat(new Ledger("bkg_1", "EUR", entries).verifies()).isFalse();

        List<LedgerEntry> dropped = new ArrayList<>(fullLife().entries());
        dropped.remove(2);
        assertThat(new Ledger("bkg_1", "EUR", dropped).verifies()).isFalse();
    }

    @Test
    void moneyNeverLeavesEscrowTwice_andThePlatformReturnsOnlyWhatItGot() {
        Ledger held = apply(new Ledger("bkg_2", "EUR", List.of()), "h", MovementKind.HOLD, 1000);
        Ledger refunded = apply(held, "r", MovementKind.REFUND, 1000);
        assertThatThrownBy(() -> refunded.append("r2", MovementKind.REFUND, 1, T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> refunded.append("f", MovementKind.RETURN_BOOKING_FEE, 1, T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> held.append("z", MovementKind.REFUND, 0, T)).isInstanceOf(IllegalArgumentException.class);

        Ledger fee = apply(held, "a", MovementKind.RELEASE_BOOKING_FEE, 100);
        Ledger returned = apply(apply(fee, "c", MovementKind.REFUND, 900), "c2", MovementKind.RETURN_BOOKING_FEE, 100);
        assertThat(returned.balance()).isEqualTo(new EscrowBalance(1000, 0, 0, 1000, 0));
        assertThat(returned.balance().invariantHolds()).isTrue();
        assertThat(returned.verifies()).isTrue();
    }
}
