package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's stamp card for one program: the stamps not yet redeemed, oldest first, each with the store
 * and time it was earned (so a quarantine can hold it back), how many rewards were redeemed, and the last
 * redemptions by attempt id (so a redemption repeated after a lost answer finds that it already happened).
 */
public record Card(UserId customerId, String programId, int stampsPerReward, String reward, List<Stamp> stamps,
        long rewardsRedeemed, long version, List<Spent> spent) {

    /** How many redemptions a card remembers by attempt id: far more than one request can be repeated. */
    public static final int REMEMBERED_REDEMPTIONS = 10;

    public Card {
        Objects.requireNonNull(customerId);
        Objects.requireNonNull(programId);
        stamps = List.copyOf(stamps);
        spent = List.copyOf(spent);
    }

    /** A card without remembered redemptions. */
    public Card(UserId customerId, String programId, int stampsPerReward, String reward, List<Stamp> stamps,
            long rewardsRedeemed, long version) {
        this(customerId, programId, stampsPerReward, reward, stamps, rewardsRedeemed, version, List.of());
    }

    /** One stamp: where and when it was earned, and by which scan. */
    public record Stamp(String storeId, Instant earnedAt, String scanId) {}

    /** One redemption as it was answered: by which attempt, when, and what was left after it. */
    public record Spent(String attemptId, Instant at, int stampsLeft, long rewardsRedeemed) {}

    /** The redemption made by {@code attemptId}, if this card remembers it. */
    public Optional<Spent> spentBy(String attemptId) {
        return spent.stream().filter(s -> s.attemptId().equals(attemptId)).findFirst();
    }

    /** The stamps no quarantine holds back, given the stores they were earned at. */
    public List<Stamp> redeemable(Map<String, Store> stores) {
        return stamps.stream().filter(s -> {
            Store store = stores.get(s.storeId());
            return store == null || !store.quarantines(s.earnedAt());
        }).toList();
    }

    /** The stamps the next reward spends: the oldest {@code stampsPerReward} redeemable ones. */
    public List<Stamp> toSpend(Map<String, Store> stores) {
        return redeemable(stores).subList(0, stampsPerReward);
    }

    /**
     * This card after spending the oldest {@code stampsPerReward} redeemable stamps on one reward, remembering
     * the redemption under {@code attemptId} (the last {@value #REMEMBERED_REDEMPTIONS}).
     */
    public Card redeemed(Map<String, Store> stores, String attemptId, Instant at) {
        List<Stamp> left = new ArrayList<>(stamps);
        left.removeAll(toSpend(stores));
        List<Spent> remembered = new ArrayList<>(spent);
        remembered.add(new Spent(attemptId, at, left.size(), rewardsRedeemed + 1));
        while (remembered.size() > REMEMBERED_REDEMPTIONS) {
            remembered.removeFirst();
        }
        return new Card(customerId, programId, stampsPerReward, reward, left, rewardsRedeemed + 1, version, remembered);
    }
}
