package com.safehold.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.catalog.Functions;
import com.safehold.fuzz.HandlerFuzzer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The auth function's handler (signup, login, MFA with a bearer token or a login session, settings): any request to any of its routes answers below 500, and every 4xx is a problem with a code. */
class AuthApiFuzzTest {

    private static final HandlerFuzzer FUZZER = new HandlerFuzzer(Functions.AUTH, AuthApiHandler::new);

    static Stream<Arguments> samples() {
        return HandlerFuzzer.seeds(Functions.AUTH);
    }

    @MethodSource("samples")
    @FuzzTest
    void request(int route, String body, String idempotencyKey, String pathParameter, String groups,
            String authorization, String ifMatch, String query) {
        FUZZER.request(route, body, idempotencyKey, pathParameter, groups, authorization, ifMatch, query);
    }
}
