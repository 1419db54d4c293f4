package com.safehold.verification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbVerificationStore;
import com.safehold.adapters.sqs.CallMessages;
import com.safehold.api.JsonLog;
import com.safehold.api.LogField;
import com.safehold.api.Priming;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Queues;
import com.safehold.catalog.Tables;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.CallService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda function {@code calls} (SPEC 4.8): consumes {@code verification-calls} and places each call once.
 * A failure that may pass is retried here a few times with a growing pause, then the message is reported
 * failed (ReportBatchItemFailures) and comes back after the queue's visibility timeout, at most
 * {@code maxReceiveCount} times, then rests in the dead-letter queue. When the last delivery fails too, the
 * verification is marked {@code FAILED} first, so the customer is offered the restricted methods at once; a
 * redrive of that message places no call. Nothing personal is logged: only the verification id and outcome.
 */
public final class VerificationCallsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final int ATTEMPTS = 3;
    static final long FIRST_BACKOFF_MILLIS = 200;
    /** SQS counts each delivery of a message in this attribute (1 on the first). */
    static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    /** Waits between in-process attempts; {@link Thread#sleep(long)} in Lambda. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final CallService calls;
    private final Sleeper sleeper;
    private final int lastDelivery = Queues.VERIFICATION_CALLS.maxReceiveCount();
    private final CallMessages messages;
    private final JsonLog log = new JsonLog("calls");
    /** The SnapStart hooks; this field keeps them reachable (the CRaC context holds them weakly). */
    private final Priming priming;

    public VerificationCallsHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public VerificationCallsHandler(Deployment deployment) {
        this(deployment, Thread::sleep);
    }

    VerificationCallsHandler(Deployment deployment, Sleeper sleeper) {
        this.sleeper = java.util.Objects.requireNonNull(sleeper);
        // The worker only reads and marks verifications: it has no access to the limits or users tables.
        this.calls = new CallService(new DynamoDbVerificationStore(deployment.dynamoDb(),
                deployment.tableName(Tables.VERIFICATIONS), null, null, deployment.fieldCipher()),
                deployment.voiceCalls(), deployment.clock());
        this.messages = new CallMessages(deployment.fieldCipher());
        this.priming = Priming.register(Functions.CALLS, deployment);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            CallQueue.CallRequest call;
            try {
                call = messages.read(message.getBody());
            } catch (IllegalArgumentException malformed) {
                log.info("calls.malformed", Map.of(LogField.RESOURCE_ID, message.getMessageId()));
                continue; // can never be placed: acknowledged, and visible in the log
            }
            try {
                CallService.Outcome outcome = placeWithBackoff(call);
                log.info("calls.call", Map.of(LogField.RESOURCE_ID, call.verificationId(), LogField.CODE, outcome.name()));
            } catch (RuntimeException failed) {
                log.error("calls.failed", failed, Map.of(LogField.RESOURCE_ID, call.verificationId()));
                if (lastDelivery(message)) {
                    giveUp(call);
                }
                // still reported failed: the message goes on to the dead-letter queue, where operators see it
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private boolean lastDelivery(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get(RECEIVE_COUNT);
        try {
            return count != null && Integer.parseInt(count) >= lastDelivery;
        } catch (NumberFormatException unreadable) {
            return false;
        }
    }

    private void giveUp(CallQueue.CallRequest call) {
        try {
            calls.giveUp(call);
            log.info("calls.call", Map.of(LogField.RESOURCE_ID, call.verificationId(),
                    LogField.CODE, CallService.Outcome.FAILED.name()));
        } catch (RuntimeException alsoFailed) {
            // it stays CALLING and expires; the message is in the dead-letter queue either way
            log.error("calls.give_up_failed", alsoFailed, Map.of(LogField.RESOURCE_ID, call.verificationId()));
        }
    }

    private CallService.Outcome placeWithBackoff(CallQueue.CallRequest call) {
        long pause = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return calls.place(call);
            } catch (RuntimeException mayPass) {
                if (attempt == ATTEMPTS) {
                    throw mayPass;
                }
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw mayPass;
                }
                pause *= 4;
            }
        }
    }
}
