package com.safehold.domain.disputes;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/** A message between a booking's parties (SPEC 4.5), kept as evidence. The store encrypts {@code text}. */
public record Message(String bookingId, String messageId, UserId senderId, String text, Instant at) {
    @Override
    public String toString() {
        return "Message[" + messageId + "]";
    }
}
