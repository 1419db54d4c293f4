package com.safehold.adapters.sns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.common.UserId;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Notifications on the {@code events} topic: the recipient's user id as a message attribute (subscribers
 * filter on it and look up their own delivery address), the body ids, status and reason only.
 */
public final class SnsNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void notify(UserId recipient, BookingNotification notification) {
        String body = JSON.createObjectNode()
                .put("type", "booking." + notification.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("bookingId", notification.bookingId())
                .put("status", notification.status().name())
                .put("reason", notification.reason())
                .put("text", notification.text())
                .toString();
        sns.publish(r -> r.topicArn(topicArn).message(body).messageAttributes(java.util.Map.of(
                "recipient", MessageAttributeValue.builder().dataType("String").stringValue(recipient.value()).build())));
    }
}
