package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.RecordingDeployment;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks the calls worker registers at init (decision 0015), called as the Lambda runtime calls
 * them around a snapshot, against DynamoDB Local: one read of an item that does not exist, no call placed, no
 * write, and not a line in the log.
 */
class SnapStartHooksTest {

    @Test
    void theCallWorkersHooks_readOneAbsentItem_placeNoCall_writeNothing_andLogNothing() throws Exception {
        RecordingDeployment deployment = new RecordingDeployment();
        VerificationCallsHandler handler = new VerificationCallsHandler(deployment);

        RecordingDeployment.Observed seen = deployment.observe(() -> {
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
        });

        assertThat(seen.requests()).containsExactly("dynamodb.getItem");
        assertThat(seen.stdout()).isEmpty();
    }
}
