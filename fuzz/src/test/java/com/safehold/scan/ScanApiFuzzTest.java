package com.safehold.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.catalog.Functions;
import com.safehold.fuzz.HandlerFuzzer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scan function's handler (stores, programs, display and receipt codes, scans): any request to any of its routes answers below 500, and every 4xx is a problem with a code. */
class ScanApiFuzzTest {

    private static final HandlerFuzzer FUZZER = new HandlerFuzzer(Functions.SCAN, ScanApiHandler::new);

    static Stream<Arguments> samples() {
        return HandlerFuzzer.seeds(Functions.SCAN);
    }

    @MethodSource("samples")
    @FuzzTest
    void request(int route, String body, String idempotencyKey, String pathParameter, String groups,
            String authorization, String ifMatch, String query) {
        FUZZER.request(route, body, idempotencyKey, pathParameter, groups, authorization, ifMatch, query);
    }
}
