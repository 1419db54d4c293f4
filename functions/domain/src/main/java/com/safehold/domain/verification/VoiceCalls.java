package com.safehold.domain.verification;

/** Port: places an automated voice call (SMS & Voice v2 {@code SendVoiceMessage} in AWS, the outbox here). */
@FunctionalInterface
public interface VoiceCalls {

    /**
     * Places the call.
     *
     * @throws UndeliverableException when the call can never be placed (bad number, opted out, over the price cap)
     * @throws RuntimeException       for failures that may pass (throttling, outage): retry later
     */
    void place(String e164, CallScript.Script script);

    /** The call can never be placed to this number. */
    final class UndeliverableException extends RuntimeException {
        public UndeliverableException(String reason) {
            super(reason, null, false, false);
        }
    }
}
