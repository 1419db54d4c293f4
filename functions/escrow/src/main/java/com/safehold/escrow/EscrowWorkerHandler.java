package com.safehold.escrow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.sqs.EscrowCommandMessages;
import com.safehold.api.JsonLog;
import com.safehold.api.LogField;
import com.safehold.api.Priming;
import com.safehold.catalog.Functions;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.escrow.EscrowService;
import com.safehold.domain.escrow.PaymentProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lambda function {@code escrow}: consumes the {@code escrow-commands} FIFO queue and applies each command
 * through {@link EscrowService}, the only code that moves money. A provider that is temporarily unavailable
 * is retried here with a short backoff, then the message is reported as failed (ReportBatchItemFailures) and
 * comes back after the queue's visibility timeout; the later messages of the same booking in this batch are
 * reported too, so a booking's commands never overtake each other.
 */
public final class EscrowWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** In-process attempts before a temporarily unavailable provider is left to the queue's redelivery. */
    static final int ATTEMPTS = 4;
    static final long FIRST_BACKOFF_MILLIS = 100;

    private final EscrowService escrow;
    private final JsonLog log = new JsonLog("escrow");
    /** The SnapStart hooks; this field keeps them reachable (the CRaC context holds them weakly). */
    private final Priming priming;

    public EscrowWorkerHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public EscrowWorkerHandler(Deployment deployment) {
        this.escrow = new EscrowService(Wiring.bookingStore(deployment), deployment.paymentProvider(),
                deployment.notifier(), deployment.clock());
        this.priming = Priming.register(Functions.ESCROW, deployment);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> blockedGroups = new HashSet<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String group = message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
            if (group != null && blockedGroups.contains(group)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            EscrowCommand command;
            try {
                command = EscrowCommandMessages.read(message.getBody());
            } catch (IllegalArgumentException malformed) {
                // nothing can apply it, but it must not vanish: failed until the queue parks it in the DLQ, where
                // an operator sees it
                log.info("escrow.malformed", Map.of(LogField.RESOURCE_ID, message.getMessageId()));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue; // not a command, so the group's real commands need not wait behind it
            }
            try {
                EscrowService.Result result = applyWithBackoff(command);
                Map<LogField, Object> fields = new LinkedHashMap<>();
                fields.put(LogField.RESOURCE_ID, command.commandId());
                fields.put(LogField.CODE, result.name());
                log.info("escrow.command", fields);
            } catch (RuntimeException failed) {
                log.error("escrow.failed", failed, Map.of(LogField.RESOURCE_ID, command.commandId()));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                if (group != null) {
                    blockedGroups.add(group);
                }
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private EscrowService.Result applyWithBackoff(EscrowCommand command) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return escrow.apply(command);
            } catch (PaymentProvider.TemporarilyUnavailable unavailable) {
                if (attempt >= ATTEMPTS) {
                    throw unavailable;
                }
                sleep(backoff);
                backoff *= 2;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
