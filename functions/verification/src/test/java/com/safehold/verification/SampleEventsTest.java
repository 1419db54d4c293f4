package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.safehold.adapters.crypto.LocalBlindIndex;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.api.Json;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.VoiceCalls;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sample events in {@code events/} drive both verification functions as Lambda would. */
class SampleEventsTest {

    private final List<CallQueue.CallRequest> queued = new ArrayList<>();
    private final List<String> called = new ArrayList<>();
    private final TestDeployment deployment = new TestDeployment() {
        private final BlindIndex index = new LocalBlindIndex(new SecureRandom().generateSeed(32));

        @Override
        public BlindIndex blindIndex() {
            return index;
        }

        @Override
        public CallQueue callQueue() {
            return queued::add;
        }

        @Override
        public VoiceCalls voiceCalls() {
            return (e164, script) -> called.add(e164);
        }
    };

    @Test
    void theStartEventQueuesACallInTheNumbersLanguage() throws Exception {
        APIGatewayV2HTTPEvent start = EventLoader.loadApiGatewayHttpEvent("../../events/verification-start.json");
        String sub = UUID.randomUUID().toString();
        Map<String, String> claims = new HashMap<>(start.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", sub);
        claims.put("jti", deployment.signIn(sub));
        start.getRequestContext().getAuthorizer().getJwt().setClaims(claims);

        APIGatewayV2HTTPResponse response = new VerificationApiHandler(deployment).handleRequest(start, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(response.getBody()).get("status").asText()).isEqualTo("CALLING");
        assertThat(queued).singleElement().satisfies(call -> {
            assertThat(call.phone()).isEqualTo("+4915112345678");
            assertThat(call.language()).isEqualTo("de-DE");
            assertThat(call.code()).matches("\\d{4}");
        });
    }

    @Test
    void theCallEventsSealedFieldsAreSamplePlaceholders_soTheWorkerDropsItWithoutCalling() {
        SQSEvent event = EventLoader.loadSQSEvent("../../events/calls-call.json");

        var response = new VerificationCallsHandler(deployment).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(called).isEmpty();
    }
}
