package com.safehold.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.safehold.adapters.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test consumer: records every delivery and reports messages whose body starts with "fail" as failed, and those
 * starting with "sick" until their body is in {@link #HEALED} (the cause fixed, for a redrive).
 */
public final class RecordingConsumer implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final Queue<String> DELIVERED = new ConcurrentLinkedQueue<>();
    static final java.util.Set<String> HEALED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RecordingConsumer(Deployment deployment) {}

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            DELIVERED.add(message.getBody() + "#" + message.getAttributes().get("ApproximateReceiveCount"));
            if (message.getBody().startsWith("fail")
                    || message.getBody().startsWith("sick") && !HEALED.contains(message.getBody())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
