package com.safehold.adapters.voice;

import com.safehold.domain.verification.CallScript;
import com.safehold.domain.verification.VoiceCalls;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.PinpointSmsVoiceV2Exception;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.VoiceMessageBodyTextType;

/**
 * Verification calls with AWS End User Messaging SMS & Voice v2 {@code SendVoiceMessage} (SPEC 4.8): the SSML
 * script, its Polly voice, the origination identity, the configuration set (events, opt-outs) and a price cap
 * per minute, so a call to an expensive destination is refused by the service rather than paid.
 *
 * <p>Refusals that cannot pass for this number (it is invalid, opted out, or over the price cap) are
 * {@link UndeliverableException}; everything else (throttling, outages, the account's permissions and quotas)
 * propagates for a retry and, if it persists, the dead-letter queue.
 */
public final class SmsVoiceCalls implements VoiceCalls {

    /**
     * Error codes of SMS & Voice v2 that say this number can never be called: the request is invalid for it
     * (e.g. a blocked destination, over the price cap) or it conflicts with its state (opted out). Errors of the
     * account rather than the number ({@code AccessDeniedException}, {@code ServiceQuotaExceededException} such as a
     * spend limit, {@code ResourceNotFoundException} for the origination identity or configuration set) are not
     * here: they would fail every customer's call until an operator fixes them, so they are retried and end in the
     * dead-letter queue, where operators see them (decision 0013).
     */
    static final Set<String> FOR_GOOD = Set.of("ValidationException", "ConflictException");

    private final PinpointSmsVoiceV2Client client;
    private final String originationIdentity;
    private final String configurationSet;
    private final String maxPricePerMinute;

    /**
     * @param originationIdentity the phone number or pool the call comes from
     * @param configurationSet    the configuration set name (a stack parameter)
     * @param maxPricePerMinute   the most a call may cost per minute, in USD, e.g. {@code 0.10}
     */
    public SmsVoiceCalls(PinpointSmsVoiceV2Client client, String originationIdentity, String configurationSet,
            String maxPricePerMinute) {
        this.client = Objects.requireNonNull(client);
        this.originationIdentity = Objects.requireNonNull(originationIdentity);
        this.configurationSet = Objects.requireNonNull(configurationSet);
        this.maxPricePerMinute = Objects.requireNonNull(maxPricePerMinute);
    }

    /**
     * The adapter as configured by the CDK app's environment variables. Kept here, so only the function that
     * places calls ever loads the SMS & Voice SDK (an optional dependency of the adapters).
     */
    public static SmsVoiceCalls fromEnvironment(java.util.Map<String, String> environment,
            com.safehold.adapters.AwsClients.Settings settings) {
        PinpointSmsVoiceV2Client client = com.safehold.adapters.AwsClients.build(PinpointSmsVoiceV2Client.builder(),
                settings);
        return new SmsVoiceCalls(client,
                required(environment, com.safehold.catalog.FunctionDef.VOICE_ORIGINATION_VARIABLE),
                required(environment, com.safehold.catalog.FunctionDef.VOICE_CONFIGURATION_SET_VARIABLE),
                required(environment, com.safehold.catalog.FunctionDef.VOICE_MAX_PRICE_VARIABLE));
    }

    private static String required(java.util.Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
        }
        return value;
    }

    @Override
    public void place(String e164, CallScript.Script script) {
        try {
            client.sendVoiceMessage(r -> r
                    .destinationPhoneNumber(e164)
                    .originationIdentity(originationIdentity)
                    .messageBody(script.ssml())
                    .messageBodyTextType(VoiceMessageBodyTextType.SSML)
                    .voiceId(script.voice().toUpperCase(java.util.Locale.ROOT))
                    .configurationSetName(configurationSet)
                    .maxPricePerMinute(maxPricePerMinute)
                    .timeToLive(300));
        } catch (PinpointSmsVoiceV2Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (FOR_GOOD.contains(code)) {
                throw new UndeliverableException(code);
            }
            throw e;
        }
    }
}
