package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A merchant's store (SPEC 4.9): where it is, the secret that signs its display codes (the store encrypts
 * it), the code epoch that the kill switch raises, the rules of the program it belongs to, and the
 * quarantines of stamps earned there.
 *
 * @param secret     base64 of 32 random bytes; signs display codes; null once the merchant is erased
 * @param codeEpoch  codes issued under a lower epoch are revoked
 * @param program    the program's rules, copied in when the store joins it (a store is in at most one); null before
 */
public record Store(String storeId, UserId merchantId, String name, double lat, double lon, int radiusMeters,
        String secret, long codeEpoch, ProgramRules program, List<Quarantine> quarantines, Instant createdAt,
        long version) {

    public Store {
        Objects.requireNonNull(storeId);
        Objects.requireNonNull(merchantId);
        quarantines = List.copyOf(quarantines);
    }

    /** What a scan at this store needs to know about its program. */
    public record ProgramRules(String programId, int stampsPerReward, int cooldownMinutes, String reward) {}

    /**
     * Stamps earned here from {@code since} until {@code at} (when the merchant raised it) cannot be redeemed
     * until {@code releasedAt}.
     */
    public record Quarantine(Instant since, Instant at, Instant releasedAt) {
        public boolean holds(Instant earnedAt) {
            return releasedAt == null && !earnedAt.isBefore(since) && !earnedAt.isAfter(at);
        }
    }

    /**
     * Whether the store is out of service because its merchant was erased (SPEC 4.7): the signing secret was
     * encrypted under the merchant's data key, which is destroyed, so it reads as absent. A retired store
     * issues no codes and accepts none, display or receipt (docs/decisions/0011-per-person-keys.md).
     */
    public boolean isRetired() {
        return secret == null;
    }

    /** Whether a stamp earned here at {@code earnedAt} is held back by an active quarantine. */
    public boolean quarantines(Instant earnedAt) {
        return quarantines.stream().anyMatch(q -> q.holds(earnedAt));
    }

    public Store withProgram(ProgramRules rules) {
        return new Store(storeId, merchantId, name, lat, lon, radiusMeters, secret, codeEpoch, rules, quarantines,
                createdAt, version);
    }

    /** The kill switch: every code issued before is revoked; optionally quarantines stamps since {@code since}. */
    public Store revoked(Instant at, Instant quarantineSince) {
        List<Quarantine> next = new ArrayList<>(quarantines);
        if (quarantineSince != null) {
            next.add(new Quarantine(quarantineSince, at, null));
        }
        return new Store(storeId, merchantId, name, lat, lon, radiusMeters, secret, codeEpoch + 1, program, next,
                createdAt, version);
    }

    /** Releases every active quarantine. */
    public Store released(Instant at) {
        List<Quarantine> next = quarantines.stream()
                .map(q -> q.releasedAt() == null ? new Quarantine(q.since(), q.at(), at) : q).toList();
        return new Store(storeId, merchantId, name, lat, lon, radiusMeters, secret, codeEpoch, program, next,
                createdAt, version);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Store[" + storeId + ", epoch " + codeEpoch + "]";
    }
}
