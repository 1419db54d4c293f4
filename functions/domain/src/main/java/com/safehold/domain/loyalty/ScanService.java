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
import java.util.stream.Collectors;

/**
 * A customer's side of loyalty (SPEC 4.9): scanning a code for a stamp, the cards, redeeming a reward.
 *
 * <p>A scan's checks run cheapest first and stop at the first that fails: the code's format and signature,
 * its expiry, the store's revocation epoch, the geofence, then — in the one transaction that also writes
 * the stamp — the cooldowns and the one-time use. Every scan, accepted or refused, is recorded for the
 * store as a fraud signal, without the position.
 */
public final class ScanService {

    /** A fix less precise than this cannot tell inside from outside a shop: {@code outside_store}. */
    public static final double MAX_ACCURACY_METERS = 100;
    private static final int REDEEM_ATTEMPTS = 5;

    private final LoyaltyStore store;
    private final Ids ids;
    private final Clock clock;

    public ScanService(LoyaltyStore store, Ids ids, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
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

        // 1. format, and for a receipt code the record it must have
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
        }
        LoyaltyStore.StoreAndCard found = store.storeAndCard(storeId, caller.userId(), programId);
        Store s = found.store().orElse(null);
        if (s == null || s.isRetired()) { // a retired store's codes, display or receipt, are no codes
            throw attempt.refuse(ScanRecord.UNATTRIBUTED, ScanRefusal.INVALID_CODE);
        }
        if (s.program() == null || !s.program().programId().equals(programId)) {
            throw attempt.refuse(storeId, ScanRefusal.INVALID_CODE);
        }
        // 1. signature, 2. expiry
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
            if (!now.isBefore(receipt.expiresAt())) {
                throw attempt.refuse(storeId, ScanRefusal.CODE_EXPIRED);
            }
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
        // 5. cooldowns and 6. one-time use, with the stamp, in one transaction
        Card.Stamp stamp = new Card.Stamp(storeId, now, attempt.scanId);
        Store.ProgramRules rules = s.program();
        try {
            store.accept(new AcceptedScan(caller.userId(), attempt.deviceHash, s, stamp,
                    receipt == null ? null : receipt.codeHash(), now.plus(Duration.ofMinutes(rules.cooldownMinutes())),
                    attempt.record(storeId, ScanRecord.ACCEPTED)), now);
        } catch (LoyaltyStore.CooldownException cooling) {
            long seconds = Math.max(1, Duration.between(now, cooling.until()).toSeconds());
            throw attempt.refuse(storeId, ScanRefusal.COOLDOWN, seconds);
        } catch (LoyaltyStore.CodeUsedException used) {
            throw attempt.refuse(storeId, ScanRefusal.CODE_USED);
        }
        List<Card.Stamp> stamps = new ArrayList<>(found.card().map(Card::stamps).orElse(List.of()));
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

    /**
     * Spends {@code stampsPerReward} redeemable stamps on one reward. Atomic: of concurrent redemptions of the
     * last reward exactly one succeeds, the others get 409 {@code not_enough_stamps}.
     */
    public Redemption redeem(Caller caller, String programId) {
        caller.require(Role.CUSTOMER);
        for (int attempt = 0; attempt < REDEEM_ATTEMPTS; attempt++) {
            Card card = store.card(caller.userId(), programId).orElseThrow(() -> DomainException.notFound("card"));
            Map<String, Store> stores = store.stores(card.stamps().stream().map(Card.Stamp::storeId)
                    .collect(Collectors.toSet()));
            int redeemable = card.redeemable(stores).size();
            if (redeemable < card.stampsPerReward()) {
                throw new DomainException(DomainException.Kind.CONFLICT, "not_enough_stamps",
                        "this card has " + redeemable + " redeemable stamps; a reward needs " + card.stampsPerReward(),
                        Map.of("redeemableStamps", redeemable, "stampsPerReward", card.stampsPerReward()));
            }
            Card after = card.redeemed(stores);
            try {
                store.updateCard(after);
                return new Redemption(programId, after.reward(), after.stamps().size(), after.rewardsRedeemed());
            } catch (ConcurrentModificationException changed) {
                // a scan or another redemption came first: look again
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
            store.refuse(record(storeId, refusal.code()));
            return refusal.exception();
        }

        DomainException refuse(String storeId, ScanRefusal refusal, long retryAfterSeconds) {
            store.refuse(record(storeId, refusal.code()));
            return refusal.exception(retryAfterSeconds);
        }
    }
}
