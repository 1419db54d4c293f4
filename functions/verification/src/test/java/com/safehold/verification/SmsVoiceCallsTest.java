package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.voice.SmsVoiceCalls;
import com.safehold.api.Json;
import com.safehold.domain.verification.CallScript;
import com.safehold.domain.verification.VoiceCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.PinpointSmsVoiceV2Exception;

/**
 * The SMS & Voice v2 adapter, verified by the exact request a real SDK client sends through it (no emulator
 * of the service exists here; notes/local-aws.md).
 */
class SmsVoiceCallsTest {

    private static final String ORIGIN = "arn:aws:sms-voice:eu-central-1:111122223333:phone-number/phone-0123456789abcdef";

    private final Recorder http = new Recorder();
    private final SmsVoiceCalls calls = new SmsVoiceCalls(PinpointSmsVoiceV2Client.builder()
            .httpClient(http).endpointOverride(URI.create("http://voice.test")).region(Region.EU_CENTRAL_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build(),
            ORIGIN, "safehold-verification", "0.10");

    @Test
    void sendsOneSendVoiceMessageWithTheSsmlItsVoiceTheOriginTheSetAndThePriceCap() throws Exception {
        http.respond(200, null, "{\"MessageId\":\"m-1\"}");
        CallScript.Script script = CallScript.of("de-DE", "4711");

        calls.place("+4915112345678", script);

        assertThat(http.requests).hasSize(1);
        Recorder.Request request = http.requests.getFirst();
        assertThat(request.headers().get("X-Amz-Target")).containsExactly("PinpointSMSVoiceV2.SendVoiceMessage");
        assertThat(request.headers().get("Authorization").getFirst())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-central-1/sms-voice/aws4_request");
        JsonNode body = Json.MAPPER.readTree(request.body());
        assertThat(Json.MAPPER.convertValue(body, Map.class)).isEqualTo(Map.of(
                "DestinationPhoneNumber", "+4915112345678",
                "OriginationIdentity", ORIGIN,
                "MessageBody", script.ssml(),
                "MessageBodyTextType", "SSML",
                "VoiceId", "VICKI",
                "ConfigurationSetName", "safehold-verification",
                "MaxPricePerMinute", "0.10",
                "TimeToLive", 300));
        assertThat(script.ssml()).startsWith("<speak>").contains("Ihr Bestätigungscode lautet")
                .contains("<say-as interpret-as=\"digits\">4</say-as><break time=\"700ms\"/>")
                .containsOnlyOnce("Noch einmal");
        assertThat(script.ssml().split("<say-as interpret-as=\"digits\">7</say-as>")).as("read twice").hasSize(3);
    }

    @Test
    void aRefusalThatNoRetryFixesIsUndeliverable_othersPropagate() {
        http.respond(400, "ValidationException", "{\"__type\":\"ValidationException\",\"message\":\"opted out\"}");
        assertThatThrownBy(() -> calls.place("+4915112345678", CallScript.of("en-GB", "1234")))
                .isInstanceOf(VoiceCalls.UndeliverableException.class);

        http.respond(400, "ThrottlingException", "{\"__type\":\"ThrottlingException\",\"message\":\"slow down\"}");
        assertThatThrownBy(() -> calls.place("+4915112345678", CallScript.of("en-GB", "1234")))
                .isInstanceOf(PinpointSmsVoiceV2Exception.class)
                .isNotInstanceOf(VoiceCalls.UndeliverableException.class);
    }

    /**
     * An opted-out number is the number's problem; a missing permission, a spend limit or a missing origination
     * identity is the account's: retried, then the dead-letter queue, so operators see it (decision 0013).
     */
    @Test
    void anOptOutIsUndeliverable_butTheAccountsOwnErrorsPropagateForOperators() {
        http.respond(400, "ConflictException", "{\"__type\":\"ConflictException\",\"message\":\"opted out\"}");
        assertThatThrownBy(() -> calls.place("+4915112345678", CallScript.of("en-GB", "1234")))
                .isInstanceOf(VoiceCalls.UndeliverableException.class).hasMessage("ConflictException");

        for (String accountError : List.of("AccessDeniedException", "ServiceQuotaExceededException",
                "ResourceNotFoundException")) {
            http.respond(400, accountError, "{\"__type\":\"" + accountError + "\",\"message\":\"no\"}");
            assertThatThrownBy(() -> calls.place("+4915112345678", CallScript.of("en-GB", "1234")))
                    .as(accountError).isInstanceOf(PinpointSmsVoiceV2Exception.class)
                    .isNotInstanceOf(VoiceCalls.UndeliverableException.class)
                    .satisfies(e -> assertThat(((PinpointSmsVoiceV2Exception) e).awsErrorDetails().errorCode())
                            .isEqualTo(accountError));
        }
        assertThat(http.requests).hasSize(4);
    }

    /** Records what the SDK sends and answers with queued responses. */
    private static final class Recorder implements SdkHttpClient {
        record Request(Map<String, List<String>> headers, String body) {}

        record Response(int status, String errorType, String body) {}

        final List<Request> requests = new ArrayList<>();
        final Deque<Response> responses = new ArrayDeque<>();

        void respond(int status, String errorType, String body) {
            responses.add(new Response(status, errorType, body));
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    String body = request.contentStreamProvider().isPresent()
                            ? new String(request.contentStreamProvider().get().newStream().readAllBytes(),
                                    StandardCharsets.UTF_8)
                            : "";
                    requests.add(new Request(request.httpRequest().headers(), body));
                    Response canned = responses.removeFirst();
                    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(canned.status())
                            .putHeader("Content-Type", "application/x-amz-json-1.0");
                    if (canned.errorType() != null) {
                        response.putHeader("x-amzn-ErrorType", canned.errorType());
                    }
                    byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder().response(response.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public void close() {}
    }
}
