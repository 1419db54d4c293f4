package com.safehold.domain.verification;

import com.safehold.domain.common.Clock;
import java.util.Objects;

/**
 * The verification worker (SPEC 4.8): places the call a verification asked for, once. A call that can never be
 * placed marks the verification {@code FAILED}, and the customer is offered the restricted methods. A call that
 * fails for a reason that may pass throws, so the queue retries it with backoff.
 */
public final class CallService {

    /** What became of one call request. */
    public enum Outcome { PLACED, ALREADY_PLACED, NOT_NEEDED, FAILED }

    private final VerificationStore store;
    private final VoiceCalls voice;
    private final Clock clock;

    public CallService(VerificationStore store, VoiceCalls voice, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.voice = Objects.requireNonNull(voice);
        this.clock = Objects.requireNonNull(clock);
    }

    public Outcome place(CallQueue.CallRequest call) {
        Verification verification = store.find(call.verificationId()).orElse(null);
        if (verification == null || verification.status() != Verification.Status.CALLING
                || !clock.now().isBefore(verification.expiresAt())) {
            return Outcome.NOT_NEEDED; // verified, failed or expired meanwhile: calling now would only annoy
        }
        if (verification.callPlacedAt() != null) {
            return Outcome.ALREADY_PLACED; // a redelivered message
        }
        try {
            voice.place(call.phone(), CallScript.of(call.language(), call.code()));
        } catch (VoiceCalls.UndeliverableException undeliverable) {
            store.markFailed(call.verificationId());
            return Outcome.FAILED;
        }
        store.markCallPlaced(call.verificationId(), clock.now());
        return Outcome.PLACED;
    }

    /**
     * The queue's last delivery of this call failed too: marks the verification {@code FAILED} if it is still
     * {@code CALLING}, so the customer is told at once (409 {@code call_failed}) and offered the restricted methods
     * instead of waiting for a call that will not come. A redrive of the message then places no call.
     */
    public void giveUp(CallQueue.CallRequest call) {
        store.markFailed(call.verificationId());
    }
}
