package com.safehold.domain.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodesTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-11-23T14:00:10Z");
    private static final Store STORE = new Store("sto_" + "a".repeat(32), new UserId("m"), "Café", 48.2, 16.3, 50,
            "unused", 3, new Store.ProgramRules("prg_" + "b".repeat(32), 5, 10, "Coffee"), List.of(), NOW, 1);

    @Test
    void aDisplayCodeNamesItsStoreProgramWindowAndEpoch_andVerifiesUnderItsSecretOnly() {
        String code = DisplayCodes.issue(STORE, SECRET, NOW);

        DisplayCodes.Parsed parsed = DisplayCodes.parse(code).orElseThrow();
        assertThat(parsed.storeId()).isEqualTo(STORE.storeId());
        assertThat(parsed.programId()).isEqualTo(STORE.program().programId());
        assertThat(parsed.window()).isEqualTo(NOW.getEpochSecond() / 30);
        assertThat(parsed.epoch()).isEqualTo(3);
        assertThat(DisplayCodes.signedBy(parsed, SECRET)).isTrue();
        assertThat(DisplayCodes.signedBy(parsed, "another secret, 32 bytes long...".getBytes())).isFalse();
    }

    @Test
    void changingAnyPartOfADisplayCodeBreaksItsSignature() {
        String code = DisplayCodes.issue(STORE, SECRET, NOW);
        String[] parts = code.split("\\.");
        for (int i = 1; i < 5; i++) {
            String[] changed = parts.clone();
            changed[i] = changed[i].substring(0, changed[i].length() - 1)
                    + (changed[i].endsWith("1") ? "2" : "1");
            var parsed = DisplayCodes.parse(String.join(".", changed));
            assertThat(parsed).as("part %d still parses", i).isPresent();
            assertThat(DisplayCodes.signedBy(parsed.get(), SECRET)).as("part %d", i).isFalse();
        }
    }

    @Test
    void onlyTheCanonicalSpellingOfTheSignatureParses() {
        String code = DisplayCodes.issue(STORE, SECRET, NOW);
        char last = code.charAt(code.length() - 1);
        // the last of 22 base64 characters carries 2 bits of the signature and 4 unused ones
        String sameBits = code.substring(0, code.length() - 1) + (char) (last + 1);
        assertThat(DisplayCodes.parse(code)).isPresent();
        assertThat(DisplayCodes.parse(sameBits)).isEmpty();
    }

    @Test
    void malformedDisplayCodesDoNotParse() {
        String code = DisplayCodes.issue(STORE, SECRET, NOW);
        assertThat(DisplayCodes.parse(code + "x")).isEmpty();
        assertThat(DisplayCodes.parse(code.replace("D1.", "D2."))).isEmpty();
        assertThat(DisplayCodes.parse("D1." + "x".repeat(300))).isEmpty();
        assertThat(DisplayCodes.parse(null)).isEmpty();
    }

    @Test
    void aDisplayCodeExpiresAtTheEndOfTheNextWindow() {
        assertThat(DisplayCodes.expiresAt(Instant.parse("2026-11-23T14:00:10Z")))
                .isEqualTo(Instant.parse("2026-11-23T14:01:00Z"));
        assertThat(DisplayCodes.expiresAt(Instant.parse("2026-11-23T14:00:30Z")))
                .isEqualTo(Instant.parse("2026-11-23T14:01:30Z"));
    }

    @Test
    void receiptCodesAreShortTypableAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = ReceiptCodes.generate();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");
            assertThat(seen.add(code)).isTrue();
        }
    }

    @Test
    void typingIsForgiving_butOnlyForRealCodes() {
        assertThat(ReceiptCodes.normalise("7k3qd m9xta-2hc8p")).contains("7K3QDM9XTA2HC8P");
        assertThat(ReceiptCodes.normalise("IL0O0-00000-00000")).contains("110000000000000");
        assertThat(ReceiptCodes.normalise("7K3QD-M9XTA-2HC8")).isEmpty();
        assertThat(ReceiptCodes.normalise("7K3QD-M9XTA-2HC8U")).isEmpty(); // U is not in the alphabet
        assertThat(ReceiptCodes.normalise("x".repeat(100))).isEmpty();
        assertThat(ReceiptCodes.hash("7K3QDM9XTA2HC8P")).hasSize(64).doesNotContain("7K3QD");
    }

    @Test
    void aQuarantineHoldsBackStampsEarnedInItsWindowUntilReleased() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        Store quarantined = STORE.revoked(t0.plusSeconds(3600), t0);
        Card card = new Card(new UserId("c"), "prg", 2, "Coffee", List.of(
                new Card.Stamp(STORE.storeId(), t0.minusSeconds(1), "s1"),
                new Card.Stamp(STORE.storeId(), t0.plusSeconds(60), "s2"),
                new Card.Stamp(STORE.storeId(), t0.plusSeconds(7200), "s3"),
                new Card.Stamp("sto_other", t0.plusSeconds(60), "s4")), 0, 1);

        assertThat(quarantined.codeEpoch()).isEqualTo(STORE.codeEpoch() + 1);
        assertThat(card.redeemable(java.util.Map.of(STORE.storeId(), quarantined)))
                .extracting(Card.Stamp::scanId).containsExactly("s1", "s3", "s4");
        Card after = card.redeemed(java.util.Map.of(STORE.storeId(), quarantined), "rdm_1", t0.plusSeconds(9000));
        assertThat(after.stamps()).extracting(Card.Stamp::scanId).containsExactly("s2", "s4");
        assertThat(after.rewardsRedeemed()).isEqualTo(1);
        assertThat(after.spentBy("rdm_1")).hasValueSatisfying(spent -> assertThat(spent.stampsLeft()).isEqualTo(2));
        assertThat(after.spentBy("rdm_2")).isEmpty();

        Store released = quarantined.released(t0.plusSeconds(9000));
        assertThat(card.redeemable(java.util.Map.of(STORE.storeId(), released))).hasSize(4);
    }
}
