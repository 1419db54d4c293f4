package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.safehold.adapters.dynamodb.DynamoDbVerificationStore;
import com.safehold.adapters.sqs.CallMessages;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.UserId;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.CallScript;
import com.safehold.domain.verification.Verification;
import com.safehold.domain.verification.VoiceCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker against DynamoDB Local, with a scripted stand-in for SMS & Voice (no emulator exists): each
 * call placed once, transient failures retried, permanent ones marking the verification failed.
 */
class VerificationCallsHandlerTest {

    /** Records each call and fails the first {@code transientFailures} with a retryable error. */
    private static final class ScriptedVoice implements VoiceCalls {
        final List<String> placed = new ArrayList<>();
        int transientFailures;
        boolean undeliverable;

        @Override
        public void place(String e164, CallScript.Script script) {
            if (undeliverable) {
                throw new UndeliverableException("ValidationException");
            }
            if (transientFailures > 0) {
                transientFailures--;
                throw new IllegalStateException("ThrottlingException");
            }
            placed.add(e164 + " " + script.text());
        }
    }

    private final ScriptedVoice voice = new ScriptedVoice();
    private final TestDeployment deployment = new TestDeployment() {
        @Override
        public VoiceCalls voiceCalls() {
            return voice;
        }
    };
    /** The pauses the handler asked for between attempts, in milliseconds; nothing really sleeps. */
    private final List<Long> pauses = new ArrayList<>();
    private final VerificationCallsHandler handler = new VerificationCallsHandler(deployment, pauses::add);
    private final DynamoDbVerificationStore store = new DynamoDbVerificationStore(deployment.dynamoDb(),
            Tables.VERIFICATIONS.name(), Tables.CALL_LIMITS.name(), Tables.USERS.name(), deployment.fieldCipher());
    private final CallMessages messages = new CallMessages(deployment.fieldCipher());

    @Test
    void aCallIsPlacedOnce_evenWhenItsMessageComesTwice() {
        CallQueue.CallRequest call = verification();

        SQSBatchResponse first = handler.handleRequest(event(call), null);
        SQSBatchResponse again = handler.handleRequest(event(call), null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(voice.placed).containsExactly(call.phone() + " " + CallScript.of("de-DE", "4711").text());
        assertThat(store.find(call.verificationId()).orElseThrow().callPlacedAt()).isNotNull();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoff_thenLeftToTheQueue() {
        CallQueue.CallRequest call = verification();
        voice.transientFailures = 2;
        assertThat(handler.handleRequest(event(call), null).getBatchItemFailures()).isEmpty();
        assertThat(voice.placed).hasSize(1);

        CallQueue.CallRequest stubborn = verification();
        voice.transientFailures = VerificationCallsHandler.ATTEMPTS;
        SQSBatchResponse failed = handler.handleRequest(event(stubborn), null);
        assertThat(failed.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-" + stubborn.verificationId());
        assertThat(store.find(stubborn.verificationId()).orElseThrow().status()).isEqualTo(Verification.Status.CALLING);
    }

    @Test
    void theBackoffPausesGrowFourfold_andTheLastAttemptIsNotFollowedByAPause() {
        voice.transientFailures = 1;
        handler.handleRequest(event(verification()), null);
        assertThat(pauses).containsExactly(200L);

        pauses.clear();
        voice.transientFailures = VerificationCallsHandler.ATTEMPTS;
        handler.handleRequest(event(verification()), null);
        assertThat(pauses).containsExactly(200L, 800L);
        assertThat(voice.placed).as("only the first verification's call").hasSize(1);
    }

    @Test
    void aFailureOnAnEarlierDeliveryLeavesItCalling_onTheLastDeliveryItIsFailed_andARedriveCallsNobody() {
        int last = com.safehold.catalog.Queues.VERIFICATION_CALLS.maxReceiveCount();
        CallQueue.CallRequest call = verification();

        voice.transientFailures = VerificationCallsHandler.ATTEMPTS;
        assertThat(handler.handleRequest(event(call, last - 1), null).getBatchItemFailures()).hasSize(1);
        assertThat(store.find(call.verificationId()).orElseThrow().status()).isEqualTo(Verification.Status.CALLING);

        voice.transientFailures = VerificationCallsHandler.ATTEMPTS;
        SQSBatchResponse lastTry = handler.handleRequest(event(call, last), null);
        assertThat(lastTry.getBatchItemFailures()).as("still reported failed, so it reaches the dead-letter queue")
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-" + call.verificationId());
        assertThat(store.find(call.verificationId()).orElseThrow().status()).isEqualTo(Verification.Status.FAILED);

        // the operator fixes the cause and redrives the dead letter: the service works again, but the customer
        // has been told the call failed, so nobody is called
        voice.transientFailures = 0;
        assertThat(handler.handleRequest(event(call, 1), null).getBatchItemFailures()).isEmpty();
        assertThat(voice.placed).isEmpty();
        assertThat(store.find(call.verificationId()).orElseThrow().callPlacedAt()).isNull();
    }

    @Test
    void aCallThatCanNeverBePlacedMarksTheVerificationFailed() {
        CallQueue.CallRequest call = verification();
        voice.undeliverable = true;

        assertThat(handler.handleRequest(event(call), null).getBatchItemFailures()).isEmpty();

        assertThat(store.find(call.verificationId()).orElseThrow().status()).isEqualTo(Verification.Status.FAILED);
    }

    @Test
    void confirmingAVerificationWhoseCallFailedAnswersCallFailedWithTheRestrictedMethods() {
        CallQueue.CallRequest call = verification();
        voice.undeliverable = true;
        handler.handleRequest(event(call), null);
        var service = new com.safehold.domain.verification.VerificationService(
                new com.safehold.adapters.dynamodb.DynamoDbPolicyStore(deployment.dynamoDb(), Tables.SETTINGS.name()),
                store, new com.safehold.adapters.dynamodb.DynamoDbProfileDirectory(deployment.dynamoDb(),
                        Tables.USERS.name()),
                raw -> java.util.Optional.empty(), (purpose, value) -> "hash", request -> { }, deployment.ids(),
                deployment.clock());
        var customer = new com.safehold.domain.common.Caller(call.customerId(),
                java.util.Set.of(com.safehold.domain.common.Role.CUSTOMER));

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                com.safehold.domain.common.DomainException.class,
                () -> service.confirm(customer, call.verificationId(), "4711"));

        assertThat(refused.code()).isEqualTo("call_failed");
        assertThat(refused.extras()).containsEntry("allowedPaymentMethods", List.of("prepayment", "card"));
    }

    @Test
    void noCallForAVerificationThatExpiredOrIsGone_andAMalformedMessageIsDropped() {
        CallQueue.CallRequest call = verification();
        deployment.advance(Duration.ofMinutes(11));
        SQSEvent.SQSMessage garbage = new SQSEvent.SQSMessage();
        garbage.setMessageId("garbage");
        garbage.setBody("{\"not\":\"a call\"}");
        SQSEvent batch = event(call);
        batch.getRecords().add(garbage);

        assertThat(handler.handleRequest(batch, null).getBatchItemFailures()).isEmpty();
        assertThat(voice.placed).isEmpty();
    }

    @Test
    void theMessageCarriesNeitherTheNumberNorTheCodeInClear() {
        CallQueue.CallRequest call = verification();
        String body = messages.write(call);

        assertThat(body).doesNotContain(call.phone()).doesNotContain(call.phone().substring(1)).doesNotContain("4711");
        assertThat(messages.read(body)).isEqualTo(call);
    }

    private CallQueue.CallRequest verification() {
        String id = "ver_" + UUID.randomUUID().toString().replace("-", "");
        UserId customer = new UserId(UUID.randomUUID().toString());
        Instant now = deployment.clock().now();
        store.create(new Verification(id, customer, "+4915112345678", "phone-key", "code-hash",
                Verification.Status.CALLING, 0, 5, now, now.plusSeconds(600), "de-DE", null), now.plus(Duration.ofDays(1)));
        return new CallQueue.CallRequest(id, customer, "+4915112345678", "4711", "de-DE");
    }

    private SQSEvent event(CallQueue.CallRequest call) {
        return event(call, 1);
    }

    /** The message as SQS delivers it for the {@code receiveCount}-th time. */
    private SQSEvent event(CallQueue.CallRequest call, int receiveCount) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setAttributes(new java.util.HashMap<>(java.util.Map.of(VerificationCallsHandler.RECEIVE_COUNT,
                Integer.toString(receiveCount))));
        message.setMessageId("m-" + call.verificationId());
        message.setBody(messages.write(call));
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(List.of(message)));
        return event;
    }
}
