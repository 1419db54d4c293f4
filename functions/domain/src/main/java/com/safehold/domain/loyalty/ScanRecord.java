package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * One scan, accepted or refused, as a fraud signal (SPEC 4.9). No raw position: only how far outside the
 * store it was and how precise the fix claimed to be, both in coarse buckets.
 *
 * @param storeId        the store the code named, or {@link #UNATTRIBUTED} when the code named none
 * @param outcome        {@code accepted} or the refusal's code
 * @param distanceBucket e.g. {@code inside}, {@code <100m}, {@code <1km}, {@code >=1km}; null when not checked
 * @param accuracyBucket e.g. {@code <20m}, {@code <100m}, {@code >=100m}; null when not checked
 */
public record ScanRecord(String scanId, String storeId, Instant at, String outcome, UserId customer,
        String deviceHash, String distanceBucket, String accuracyBucket) {

    public static final String UNATTRIBUTED = "unattributed";
    public static final String ACCEPTED = "accepted";
}
