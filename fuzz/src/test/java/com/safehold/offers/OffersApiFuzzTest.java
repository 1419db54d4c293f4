package com.safehold.offers;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.catalog.Functions;
import com.safehold.fuzz.HandlerFuzzer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The offers function's handler: any request to any of its routes answers below 500, and every 4xx is a problem with a code. */
class OffersApiFuzzTest {

    private static final HandlerFuzzer FUZZER = new HandlerFuzzer(Functions.OFFERS, OffersApiHandler::new);

    static Stream<Arguments> samples() {
        return HandlerFuzzer.seeds(Functions.OFFERS);
    }

    @MethodSource("samples")
    @FuzzTest
    void request(int route, String body, String idempotencyKey, String pathParameter, String groups,
            String authorization, String ifMatch, String query) {
        FUZZER.request(route, body, idempotencyKey, pathParameter, groups, authorization, ifMatch, query);
    }
}
