package com.safehold.offers;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.RecordingDeployment;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks the offers function registers at init (decision 0015), called as the Lambda runtime
 * calls them around a snapshot, against DynamoDB Local: one read of an item that does not exist, no write to
 * a table or anything else, and not a line in the log.
 */
class SnapStartHooksTest {

    @Test
    void theOffersHooks_readOneAbsentItem_writeNothing_andLogNothing() throws Exception {
        RecordingDeployment deployment = new RecordingDeployment();
        OffersApiHandler handler = new OffersApiHandler(deployment);

        RecordingDeployment.Observed seen = deployment.observe(() -> {
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);
        });

        assertThat(seen.requests()).containsExactly("dynamodb.getItem");
        assertThat(seen.stdout()).isEmpty();
    }
}
