package com.safehold.adapters.sqs;

import com.safehold.domain.verification.CallQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Call requests to the {@code verification-calls} queue, one message each, number and code encrypted. */
public final class SqsCallQueue implements CallQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final CallMessages messages;

    public SqsCallQueue(SqsClient sqs, String queueUrl, CallMessages messages) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.messages = messages;
    }

    @Override
    public void send(CallRequest call) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(messages.write(call)));
    }
}
