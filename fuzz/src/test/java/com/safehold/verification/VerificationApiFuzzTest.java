package com.safehold.verification;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.catalog.Functions;
import com.safehold.fuzz.HandlerFuzzer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The verification function's handler (phone verification, policy, payment methods): any request to any of its routes answers below 500, and every 4xx is a problem with a code. */
class VerificationApiFuzzTest {

    private static final HandlerFuzzer FUZZER = new HandlerFuzzer(Functions.VERIFICATION, VerificationApiHandler::new);

    static Stream<Arguments> samples() {
        return HandlerFuzzer.seeds(Functions.VERIFICATION);
    }

    @MethodSource("samples")
    @FuzzTest
    void request(int route, String body, String idempotencyKey, String pathParameter, String groups,
            String authorization, String ifMatch, String query) {
        FUZZER.request(route, body, idempotencyKey, pathParameter, groups, authorization, ifMatch, query);
    }
}
