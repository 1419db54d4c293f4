package com.safehold.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the platform "sent" (SPEC 2): SNS notifications, e-mails, SMS and voice calls land here instead of
 * reaching anyone, like a console mail backend, readable at {@code GET /local/outbox?to=}.
 */
public final class Outbox {

    /** One sent message; {@code channel} is voice, sms, email or push. */
    public record Message(String channel, String to, String text, Instant at) {}

    private final List<Message> messages = new ArrayList<>();

    public synchronized void send(String channel, String to, String text, Instant at) {
        messages.add(new Message(channel, to, text, at));
    }

    /** Messages to {@code to} (all when {@code null}), oldest first, newest last. */
    public synchronized List<Message> to(String to) {
        return messages.stream().filter(m -> to == null || m.to().equals(to)).toList();
    }
}
