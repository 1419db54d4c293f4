package com.safehold.domain.loyalty;

import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Geofence;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A customer's side of loyalty (SPEC 4.9): scanning a code for a stamp, the cards, redeeming a reward.
 *
 * <p>A scan's checks run cheapest first and stop at the first that fails: the code's format and signature,
 * its expiry, the store's revocation epoch, the geofence, then — in the one transaction that also writes
 * the stamp — the cooldowns and the one-time use. Every scan, accepted or refused, is recorded for the
 * store as a fraud signal, without the position; the signal never decides the answer (a failure to write it is
 * reported, not thrown).
 */
public final class ScanService {

    /** A fix less precise than this cannot tell inside from outside a shop: {@code outside_store}. */
    public static final double MAX_ACCURACY_METERS = 100;
    private static final int REDEEM_ATTEMPTS = 5;
    private static final int ACCEPT_ATTEMPTS = 5;

    private final LoyaltyStore store;
    private final Ids ids;
    private final Clock clock;
    private final Consumer<RuntimeException> unrecorded;

    public ScanService(LoyaltyStore store, Ids ids, Clock clock) {
        this(store, ids, clock, failed -> {});
    }

    /**
     * @param unrecorded told when a scan's record or counter could not be written (the scan is answered anyway)
     */
    public ScanService(LoyaltyStore store, Ids ids, Clock clock, Consumer<RuntimeException> unrecorded) {
        this.store = Objects.requireNonNull(store);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.unrecorded = Objects.requireNonNull(unrecorded);
    }

    /** What an accepted scan answers. */
    public record ScanResult(String programId, int stamps, int stampsPerReward, boolean rewardEarned) {}

    /** A card as the customer sees it. */
    public record CardView(Card card, int redeemableStamps) {}

    /** What a redemption answers. */
    public record Redemption(String programId, String reward, int stampsLeft, long rewardsRedeemed) {}

    public ScanResult scan(Caller caller, ScanRequest request) {
        caller.require(Role.CUSTOMER);
        request.validate();
        Instant now = clock.now();
        Attempt attempt = new Attempt(caller, request, now);

        // 1. format, and for a receipt code the record it must have; 2. a receipt code's expiry is in that record,
        // so it is checked before anything else is read
        Optional<DisplayCodes.Parsed> display = DisplayCodes.parse(request.code());
        ReceiptCode receipt = null;
        String storeId;
        String programId;
        if (display.isPresent()) {
            storeId = display.get().storeId();
            programId = display.get().programId();
        } else {
            Optional<String> typed = ReceiptCodes.normalise(request.code());
            receipt = typed.flatMap(code -> store.receiptCode(ReceiptCodes.hash(code))).orElse(null);
            if (receipt == null) {
                throw attempt.refuse(ScanRecord.UNATTRIBUTED, ScanRefusal.INVALID_CODE);
            }
            storeId = receipt.storeId();
            programId = receipt.programId();
            if (!now.isBefore(receipt.expiresAt())) {
                throw attempt.refuse(storeId, ScanRefusal.CODE_EXPIRED);
            }
        }
        LoyaltyStore.StoreAndCard found = store.storeAndCard(storeId, caller.userId(), programId);
        Store s = found.store().orElse(null);
        if (s == null || s.isRetired()) { // a retired store's codes, display or receipt, are no codes
            throw attempt.refuse(ScanRecord.UNATTRIBUTED, ScanRefusal.INVALID_CODE);
        }
        if (s.program() == null || !s.program().programId().equals(programId)) {
            throw attempt.refuse(storeId, ScanRefusal.INVALID_CODE);
        }
        // 1. a display code's signature, 2. its expiry
        long epoch;
        if (display.isPresent()) {
            DisplayCodes.Parsed code = display.get();
            long current = DisplayCodes.window(now);
            if (!DisplayCodes.signedBy(code, Base64.getDecoder().decode(s.secret())) || code.window() > current
                    || code.epoch() > s.codeEpoch()) {
                throw attempt.refuse(storeId, ScanRefusal.INVALID_CODE);
            }
            if (code.window() < current - 1) {
                throw attempt.refuse(storeId, ScanRefusal.CODE_EXPIRED);
            }
            epoch = code.epoch();
        } else {
            epoch = receipt.epoch();
        }
        // 3. revocation
        if (epoch < s.codeEpoch()) {
            throw attempt.refuse(storeId, ScanRefusal.CODE_REVOKED);
        }
        // 4. geofence
        attempt.measure(s);
        if (request.accuracyMeters() > MAX_ACCURACY_METERS || !Geofence.inside(s.lat(), s.lon(), s.radiusMeters(),
                request.lat(), request.lon(), request.accuracyMeters())) {
            throw attempt.refuse(storeId, ScanRefusal.OUTSIDE_STORE);
        }
        // 5. cooldowns and 6. one-time use, with the stamp, in one transaction, on the card as read
        Card.Stamp stamp = new Card.Stamp(storeId, now, attempt.scanId);
        Store.ProgramRules rules = s.program();
        Card card = found.card().orElse(null);
        for (int tries = 1; ; tries++) {
            try {
                store.accept(new AcceptedScan(caller.userId(), attempt.deviceHash, s, stamp,
                        receipt == null ? null : receipt.codeHash(), now.plus(Duration.ofMinutes(rules.cooldownMinutes())),
                        attempt.record(storeId, ScanRecord.ACCEPTED), card == null ? null : card.version()), now);
                break;
            } catch (LoyaltyStore.CooldownException cooling) {
                long seconds = Math.max(1, Duration.between(now, cooling.until()).toSeconds());
                throw attempt.refuse(storeId, ScanRefusal.COOLDOWN, seconds);
            } catch (LoyaltyStore.CodeUsedException used) {
                throw attempt.refuse(storeId, ScanRefusal.CODE_USED);
            } catch (LoyaltyStore.CardChangedException changed) {
                // a redemption (or a scan of another store of the program) wrote the card since it was read
                if (tries == ACCEPT_ATTEMPTS) {
                    throw new DomainException(DomainException.Kind.CONFLICT, "concurrent_update",
                            "the card changed meanwhile; try again");
                }
                card = store.card(caller.userId(), programId).orElse(null);
            }
        }
        attempt.count(storeId, ScanRecord.ACCEPTED);
        // the card as written: the one read (its version was the transaction's condition) plus this stamp
        List<Card.Stamp> stamps = new ArrayList<>(card == null ? List.of() : card.stamps());
        stamps.add(stamp);
        long redeemable = stamps.stream().filter(st -> !st.storeId().equals(storeId) || !s.quarantines(st.earnedAt()))
                .count();
        return new ScanResult(rules.programId(), stamps.size(), rules.stampsPerReward(),
                redeemable >= rules.stampsPerReward());
    }

    public List<CardView> cards(Caller caller) {
        caller.require(Role.CUSTOMER);
        List<Card> cards = store.cards(caller.userId());
        Map<String, Store> stores = store.stores(cards.stream().flatMap(c -> c.stamps().stream())
                .map(Card.Stamp::storeId).collect(Collectors.toSet()));
        return cards.stream().map(c -> new CardView(c, c.redeemable(stores).size())).toList();
    }

    /** {@link #redeem(Caller, String, String)} without an {@code Idempotency-Key}. */
    public Redemption redeem(Caller caller, String programId) {
        return redeem(caller, programId, null);
    }

    /**
     * Spends {@code stampsPerReward} redeemable stamps on one reward. Atomic: of concurrent redemptions of the
     * last reward exactly one succeeds, the others get 409 {@code not_enough_stamps}. Exactly once in effect: the
     * card remembers the redemption under an attempt id (derived from the caller, the program and the
     * {@code Idempotency-Key} when there is one), so a write repeated after a lost answer, or the client's retry
     * with the same key after a 5xx, finds its redemption and answers it again instead of spending twice.
     */
    public Redemption redeem(Caller caller, String programId, String idempotencyKey) {
        caller.require(Role.CUSTOMER);
        String attemptId = idempotencyKey == null ? ids.next("rdm")
                : "rdm_" + Hashes.sha256Hex(caller.userId().value() + "\n" + programId + "\n" + idempotencyKey)
                        .substring(0, 32);
        for (int attempt = 0; attempt < REDEEM_ATTEMPTS; attempt++) {
            Card card = store.card(caller.userId(), programId).orElseThrow(() -> DomainException.notFound("card"));
            Optional<Card.Spent> done = card.spentBy(attemptId);
            if (done.isPresent()) {
                return new Redemption(programId, card.reward(), done.get().stampsLeft(), done.get().rewardsRedeemed());
            }
            Map<String, Store> stores = store.stores(card.stamps().stream().map(Card.Stamp::storeId)
                    .collect(Collectors.toSet()));
            int redeemable = card.redeemable(stores).size();
            if (redeemable < card.stampsPerReward()) {
                throw new DomainException(DomainException.Kind.CONFLICT, "not_enough_stamps",
                        "this card has " + redeemable + " redeemable stamps; a reward needs " + card.stampsPerReward(),
                        Map.of("redeemableStamps", redeemable, "stampsPerReward", card.stampsPerReward()));
            }
            // the stores whose stamps are spent must not change (a quarantine) before the write
            List<Store> checked = card.toSpend(stores).stream().map(Card.Stamp::storeId).distinct()
                    .map(stores::get).filter(Objects::nonNull).toList();
            Card after = card.redeemed(stores, attemptId, clock.now());
            try {
                store.redeem(after, checked);
                Card.Spent spent = after.spentBy(attemptId).orElseThrow();
                return new Redemption(programId, after.reward(), spent.stampsLeft(), spent.rewardsRedeemed());
            } catch (ConcurrentModificationException changed) {
                // a scan, another redemption or a quarantine came first, or this very write was repeated
                // after a lost answer: look again (the attempt id tells the last case)
            }
        }
        throw new DomainException(DomainException.Kind.CONFLICT, "concurrent_update", "the card changed meanwhile; try again");
    }

    /** One scan being checked: what it records, whichever way it ends. */
    private final class Attempt {
        final String scanId = ids.next("scn");
        final Caller caller;
        final ScanRequest request;
        final Instant now;
        final String deviceHash;
        String distanceBucket;
        String accuracyBucket;

        Attempt(Caller caller, ScanRequest request, Instant now) {
            this.caller = caller;
            this.request = request;
            this.now = now;
            this.deviceHash = Hashes.sha256Hex("device:" + request.deviceId());
        }

        void measure(Store s) {
            double distance = Geofence.distanceMeters(s.lat(), s.lon(), request.lat(), request.lon());
            distanceBucket = distance <= s.radiusMeters() ? "inside" : distance < 100 ? "<100m" : distance < 1000
                    ? "<1km" : ">=1km";
            double accuracy = request.accuracyMeters();
            accuracyBucket = accuracy < 20 ? "<20m" : accuracy < MAX_ACCURACY_METERS ? "<100m" : ">=100m";
        }

        ScanRecord record(String storeId, String outcome) {
            return new ScanRecord(scanId, storeId, now, outcome, caller.userId(), deviceHash, distanceBucket,
                    accuracyBucket);
        }

        DomainException refuse(String storeId, ScanRefusal refusal) {
            signal(storeId, refusal.code());
            return refusal.exception();
        }

        DomainException refuse(String storeId, ScanRefusal refusal, long retryAfterSeconds) {
            signal(storeId, refusal.code());
            return refusal.exception(retryAfterSeconds);
        }

        /**
         * Records a refusal and counts it. The refusal is the answer whatever happens to its record: a failure to
         * write the signal is reported to {@code unrecorded}, never turned into a 500.
         */
        private void signal(String storeId, String outcome) {
            try {
                store.refuse(record(storeId, outcome));
            } catch (RuntimeException failed) {
                unrecorded.accept(failed);
            }
            count(storeId, outcome);
        }

        /** Counts the outcome for the store; the counter is a statistic, so a failure is reported, not thrown. */
        void count(String storeId, String outcome) {
            try {
                store.count(storeId, outcome);
            } catch (RuntimeException failed) {
                unrecorded.accept(failed);
            }
        }
    }
}
