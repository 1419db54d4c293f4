package com.safehold.domain.verification;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: verifications and the counters that limit calls. */
public interface VerificationStore {

    void create(Verification verification, Instant keepUntil);

    Optional<Verification> find(String verificationId);

    /**
     * Every verification of {@code customer} still kept (an index query, never a scan), for their export
     * (SPEC 4.7); the phone reads as null once the customer's key is destroyed.
     */
    List<Verification> verificationsOf(UserId customer);

    /**
     * Counts one attempt at the code, before it is compared, if attempts are left and it is still
     * {@code CALLING}: so concurrent guesses cannot get past {@code maxAttempts}.
     *
     * @return the verification after counting, or empty when no attempt was left (or it is no longer calling)
     */
    Optional<Verification> countAttempt(String verificationId);

    /** What {@link #markVerified} did. */
    enum Marked { VERIFIED, NOT_CALLING, NO_CUSTOMER }

    /**
     * Marks it {@code VERIFIED} if it is still {@code CALLING} and makes the verified phone part of the
     * customer's trust, both in one write: the flag cannot be lost between the two.
     *
     * @return {@code VERIFIED} when this call did both; {@code NOT_CALLING} (nothing written) when it is no longer
     *         calling; {@code NO_CUSTOMER} (nothing written) when the customer has no account item
     */
    Marked markVerified(String verificationId, UserId customer);

    /** Marks it {@code FAILED} (the call cannot be placed) if it is still {@code CALLING}. */
    void markFailed(String verificationId);

    /** Records that the call was placed; false if it had been already (a redelivered message). */
    boolean markCallPlaced(String verificationId, Instant at);

    /** One limit on calls: at most {@code max} under {@code key} (which names its time window) until {@code until}. */
    record CallLimit(String key, int max, Instant until) {}

    /**
     * Counts one call against every limit, all or none.
     *
     * @return the first limit that is reached (nothing counted), or empty when the call may go
     */
    Optional<CallLimit> countCall(java.util.List<CallLimit> limits);

    /**
     * Makes the verified phone part of the customer's trust (SPEC 4.8) again, idempotently: for a verification
     * found {@code VERIFIED}. Never creates an account item.
     *
     * @return false when the customer has no account item
     */
    boolean markPhoneVerified(UserId customer);
}
