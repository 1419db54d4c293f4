package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's stamp card for one program: the stamps not yet redeemed, oldest first, each with the store
 * and time it was earned (so a quarantine can hold it back), and how many rewards were redeemed.
 */
public record Card(UserId customerId, String programId, int stampsPerReward, String reward, List<Stamp> stamps,
        long rewardsRedeemed, long version) {

    public Card {
        Objects.requireNonNull(customerId);
        Objects.requireNonNull(programId);
        stamps = List.copyOf(stamps);
    }

    /** One stamp: where and when it was earned, and by which scan. */
    public record Stamp(String storeId, Instant earnedAt, String scanId) {}

    /** The stamps no quarantine holds back, given the stores they were earned at. */
    public List<Stamp> redeemable(Map<String, Store> stores) {
        return stamps.stream().filter(s -> {
            Store store = stores.get(s.storeId());
            return store == null || !store.quarantines(s.earnedAt());
        }).toList();
    }

    /** This card after spending the oldest {@code stampsPerReward} redeemable stamps on one reward. */
    public Card redeemed(Map<String, Store> stores) {
        List<Stamp> spend = redeemable(stores).subList(0, stampsPerReward);
        List<Stamp> left = new ArrayList<>(stamps);
        left.removeAll(spend);
        return new Card(customerId, programId, stampsPerReward, reward, left, rewardsRedeemed + 1, version);
    }
}
