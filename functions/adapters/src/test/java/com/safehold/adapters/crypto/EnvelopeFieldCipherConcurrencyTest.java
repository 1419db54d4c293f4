package com.safehold.adapters.crypto;

import static com.safehold.adapters.crypto.FakeKmsHttpClient.DECRYPT;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.GENERATE_DATA_KEY;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.KEY_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.Race;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The local platform runs handlers in parallel: one cipher serves many threads. */
@Timeout(60)
class EnvelopeFieldCipherConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUND_TRIPS = 500;

    private final FakeKmsHttpClient kms = new FakeKmsHttpClient();
    private final MutableClock clock = new MutableClock();
    private final UserId alice = PersonKeyVaults.newOwner();
    private final UserId bob = PersonKeyVaults.newOwner();

    @Test
    void eightThreadsRoundTripConcurrentlyOnOneGenerateDataKeyPerPerson() throws Exception {
        EnvelopeFieldCipher cipher = cipher();

        List<Integer> done = Race.of(THREADS, thread -> {
            int ok = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                FieldContext context = context(thread, i);
                String plaintext = "person " + thread + "/" + i + " 🙂";
                if (cipher.decrypt(cipher.encrypt(plaintext, context), context).equals(plaintext)) {
                    ok++;
                }
            }
            return ok;
        });

        assertThat(done).containsOnly(ROUND_TRIPS).hasSize(THREADS);
        assertThat(kms.count(GENERATE_DATA_KEY)).isEqualTo(2);
        assertThat(kms.count(DECRYPT)).isZero();
    }

    @Test
    void eightThreadsOpeningFieldsOfTwoPeopleUnwrapEachKeyOnce() throws Exception {
        EnvelopeFieldCipher writer = cipher();
        byte[][][] fields = new byte[THREADS][ROUND_TRIPS][];
        for (int thread = 0; thread < THREADS; thread++) {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                fields[thread][i] = writer.encrypt("person " + thread + "/" + i, context(thread, i));
            }
        }
        EnvelopeFieldCipher reader = cipher();

        List<Integer> done = Race.of(THREADS, thread -> {
            int ok = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                if (reader.decrypt(fields[thread][i], context(thread, i)).equals("person " + thread + "/" + i)) {
                    ok++;
                }
            }
            return ok;
        });

        assertThat(done).containsOnly(ROUND_TRIPS).hasSize(THREADS);
        assertThat(kms.count(DECRYPT)).isEqualTo(2);
    }

    private EnvelopeFieldCipher cipher() {
        return new EnvelopeFieldCipher(new KmsDataKeySource(kms.kmsClient(), KEY_ARN), PersonKeyVaults.dynamoDbLocal(),
                clock);
    }

    /** Every thread writes for the same two people, so they race for the same keys. */
    private FieldContext context(int thread, int i) {
        return new FieldContext(i % 2 == 0 ? alice : bob, "messages", "m-" + thread + "-" + i, "text");
    }
}
