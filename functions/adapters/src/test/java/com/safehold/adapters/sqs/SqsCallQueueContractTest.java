package com.safehold.adapters.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTarget.Service;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.adapters.testing.Received;
import com.safehold.catalog.Queues;
import com.safehold.domain.common.UserId;
import com.safehold.domain.verification.CallQueue.CallRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Verification calls through a standard queue made like the catalog's {@code verification-calls}. */
@ContractTest({Service.DYNAMODB, Service.SQS})
class SqsCallQueueContractTest {

    private final SqsClient sqs;
    private final String queueUrl;
    private final CallMessages messages;
    private final SqsCallQueue queue;

    SqsCallQueueContractTest(ContractTarget target) {
        sqs = target.sqs();
        queueUrl = target.newQueue(Queues.VERIFICATION_CALLS);
        messages = new CallMessages(new EnvelopeFieldCipher(target.localKeyring()));
        queue = new SqsCallQueue(sqs, queueUrl, messages);
    }

    @Test
    void aCall_isOneMessage_thatTheWorkerReadsBack_whileTheNumberAndCodeStayUnreadableInTheQueue() {
        CallRequest call = new CallRequest("ver_" + UUID.randomUUID(), new UserId(UUID.randomUUID().toString()),
                "+4915112345678", "482913", "de");

        queue.send(call);

        Message message = Received.exactly(sqs, queueUrl, 1).getFirst();
        assertThat(messages.read(message.body())).isEqualTo(call);
        assertThat(message.body()).contains(call.verificationId()).doesNotContain("4915112345678").doesNotContain("482913");
    }
}
