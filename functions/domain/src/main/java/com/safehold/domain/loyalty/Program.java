package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;

/** A loyalty program (SPEC 4.9): its stores, how many stamps make a reward, and the cooldown between scans. */
public record Program(String programId, UserId merchantId, List<String> storeIds, int stampsPerReward,
        int cooldownMinutes, String reward, Instant createdAt) {

    public Program {
        storeIds = List.copyOf(storeIds);
    }

    public Store.ProgramRules rules() {
        return new Store.ProgramRules(programId, stampsPerReward, cooldownMinutes, reward);
    }
}
