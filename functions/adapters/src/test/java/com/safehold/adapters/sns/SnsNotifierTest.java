package com.safehold.adapters.sns;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.Notifier.BookingNotification;
import com.safehold.domain.common.UserId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/** No SNS emulator runs here (notes/local-aws.md): the adapter is checked by the exact request it sends. */
class SnsNotifierTest {

    private static final String TOPIC = "arn:aws:sns:eu-central-1:111122223333:SafeholdStack-events";

    /** Records each request body and answers like SNS's Publish. */
    static final class RecordingHttp implements SdkHttpClient {
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    bodies.add(new String(request.contentStreamProvider().orElseThrow().newStream().readAllBytes(),
                            StandardCharsets.UTF_8));
                    String xml = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                            + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId>"
                            + "</ResponseMetadata></PublishResponse>";
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "text/xml").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public void close() {}
    }

    @Test
    void onePublishPerChange_recipientsAsAnAttribute_andNoPersonalDataInTheBody() {
        RecordingHttp http = new RecordingHttp();
        SnsClient sns = SnsClient.builder().httpClient(http).region(Region.EU_CENTRAL_1)
                .endpointOverride(java.net.URI.create("http://sns.test"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .build();

        new SnsNotifier(sns, TOPIC).notify(List.of(new UserId("cus-1"), new UserId("pro-2")),
                new BookingNotification("bkg_1", BookingStatus.ACCEPTED, null));

        assertThat(http.bodies).hasSize(1);
        Map<String, String> form = java.util.Arrays.stream(http.bodies.getFirst().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
        assertThat(form).containsEntry("Action", "Publish").containsEntry("TopicArn", TOPIC)
                .containsEntry("MessageAttributes.entry.1.Name", "recipients")
                .containsEntry("MessageAttributes.entry.1.Value.DataType", "String.Array")
                .containsEntry("MessageAttributes.entry.1.Value.StringValue", "[\"cus-1\",\"pro-2\"]");
        assertThat(form.get("Message")).isEqualTo("{\"type\":\"booking.accepted\",\"bookingId\":\"bkg_1\","
                + "\"status\":\"ACCEPTED\",\"reason\":null,\"text\":\"Booking bkg_1 is now ACCEPTED\"}");
        assertThat(Optional.ofNullable(form.get("Subject"))).isEmpty();
    }
}
