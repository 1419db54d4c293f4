package com.safehold.domain.verification;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * One phone verification (SPEC 4.8). The code exists only as a keyed hash; the phone number is encrypted by
 * the store.
 *
 * @param phoneKey  keyed hash of the number (rate limits find it by this)
 * @param codeHash  keyed hash of the code
 * @param attempts  codes tried so far (each counted before it is compared)
 * @param language  BCP 47 tag the call speaks, from the number's country
 * @param callPlacedAt when the worker placed the call, or null
 */
public record Verification(String verificationId, UserId customerId, String phone, String phoneKey, String codeHash,
        Status status, int attempts, int maxAttempts, Instant createdAt, Instant expiresAt, String language,
        Instant callPlacedAt) {

    public enum Status { CALLING, VERIFIED, FAILED }

    public int attemptsLeft() {
        return Math.max(0, maxAttempts - attempts);
    }

    /** Never shows the number or the code's hash. */
    @Override
    public String toString() {
        return "Verification[" + verificationId + ", " + status + "]";
    }
}
