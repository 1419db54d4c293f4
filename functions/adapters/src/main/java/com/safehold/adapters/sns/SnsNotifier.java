package com.safehold.adapters.sns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.common.UserId;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Notifications on the {@code events} topic, one publish per change: the recipients' user ids as a
 * {@code String.Array} message attribute (subscribers filter on it and look up their own delivery address),
 * the body ids, status and reason only.
 */
public final class SnsNotifier implements Notifier {

    private static final ObjectMapper JSON = com.safehold.adapters.JsonMapping.MAPPER;

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void notify(java.util.List<UserId> recipients, BookingNotification notification) {
        String body = JSON.createObjectNode()
                .put("type", "booking." + notification.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("bookingId", notification.bookingId())
                .put("status", notification.status().name())
                .put("reason", notification.reason())
                .put("text", notification.text())
                .toString();
        String list = JSON.valueToTree(recipients.stream().map(UserId::value).toList()).toString();
        sns.publish(r -> r.topicArn(topicArn).message(body).messageAttributes(java.util.Map.of(
                "recipients", MessageAttributeValue.builder().dataType("String.Array").stringValue(list).build())));
    }
}
