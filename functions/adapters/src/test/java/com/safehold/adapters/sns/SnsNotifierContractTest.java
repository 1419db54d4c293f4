package com.safehold.adapters.sns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.safehold.adapters.JsonMapping;
import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTarget.Service;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.adapters.testing.Received;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.Notifier.BookingNotification;
import com.safehold.domain.common.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A publish on the {@code events} topic, as a subscriber sees it: a queue of the test's own subscribed to the
 * topic (SNS's JSON envelope, not raw delivery) receives the body and the {@code recipients} attribute.
 */
@ContractTest({Service.SNS, Service.SQS})
class SnsNotifierContractTest {

    private static final ObjectMapper JSON = JsonMapping.MAPPER;

    private final SnsClient sns;
    private final SqsClient sqs;
    private final String topicArn;
    private final String tapUrl;
    private final String subscriptionArn;

    SnsNotifierContractTest(ContractTarget target) {
        sns = target.sns();
        sqs = target.sqs();
        topicArn = target.eventsTopicArn();
        tapUrl = sqs.createQueue(r -> r.queueName(target.scratchName("tap-" + UUID.randomUUID().toString()
                .substring(0, 8)))).queueUrl();
        String tapArn = sqs.getQueueAttributes(r -> r.queueUrl(tapUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // In AWS the topic may deliver only where the queue's policy lets it.
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},\
                "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(tapArn, topicArn);
        sqs.setQueueAttributes(r -> r.queueUrl(tapUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        subscriptionArn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(tapArn)
                .returnSubscriptionArn(true)).subscriptionArn();
    }

    @AfterEach
    void removeTheTap() {
        sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
        sqs.deleteQueue(r -> r.queueUrl(tapUrl));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aNotification_reachesSubscribers_withItsRecipientsAsAStringArrayAttribute_andIdsAndStatusOnly() {
        String bookingId = "bkg_" + UUID.randomUUID().toString().replace("-", "");
        List<UserId> recipients = List.of(new UserId("cus-" + UUID.randomUUID()), new UserId("pro-" + UUID.randomUUID()));

        new SnsNotifier(sns, topicArn).notify(recipients, new BookingNotification(bookingId, BookingStatus.ACCEPTED, null));

        Message delivered = Received.first(sqs, tapUrl, m -> m.body().contains(bookingId));
        JsonNode envelope = json(delivered.body());
        assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.path("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(json(envelope.path("Message").asText())).isEqualTo(json("""
                {"type":"booking.accepted","bookingId":"%s","status":"ACCEPTED","reason":null,
                 "text":"Booking %s is now ACCEPTED"}""".formatted(bookingId, bookingId)));
        JsonNode attribute = envelope.path("MessageAttributes").path("recipients");
        assertThat(attribute.path("Type").asText()).isEqualTo("String.Array");
        assertThat(json(attribute.path("Value").asText())).isEqualTo(JSON.valueToTree(
                recipients.stream().map(UserId::value).toList()));
    }
}
