package com.safehold.domain.loyalty;

import com.safehold.domain.common.Violations;
import java.util.HashSet;
import java.util.List;

/** What a merchant submits to start a program (SPEC 4.9 {@code POST /v1/loyalty/programs}). */
public record ProgramDraft(List<String> storeIds, int stampsPerReward, int cooldownMinutes, String reward) {

    public static final int MAX_STORES = 20;
    public static final int MAX_STAMPS_PER_REWARD = 100;
    public static final int MAX_COOLDOWN_MINUTES = 7 * 24 * 60;
    public static final int MAX_REWARD = 200;

    public void validate() {
        Violations v = new Violations();
        if (storeIds == null || storeIds.isEmpty() || storeIds.size() > MAX_STORES) {
            v.add("storeIds", "out_of_range", "storeIds takes 1.." + MAX_STORES + " stores");
        } else if (new HashSet<>(storeIds).size() != storeIds.size()) {
            v.add("storeIds", "duplicate", "storeIds names a store twice");
        }
        if (stampsPerReward < 1 || stampsPerReward > MAX_STAMPS_PER_REWARD) {
            v.add("stampsPerReward", "out_of_range", "stampsPerReward must be 1.." + MAX_STAMPS_PER_REWARD);
        }
        if (cooldownMinutes < 0 || cooldownMinutes > MAX_COOLDOWN_MINUTES) {
            v.add("cooldownMinutes", "out_of_range", "cooldownMinutes must be 0.." + MAX_COOLDOWN_MINUTES);
        }
        if (reward == null || reward.isBlank() || reward.length() > MAX_REWARD) {
            v.add("reward", "out_of_range", "reward must be 1.." + MAX_REWARD + " characters");
        }
        v.throwIfAny();
    }
}
