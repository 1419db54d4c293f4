package com.safehold.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.UserId;
import com.safehold.domain.settings.PlatformSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bearer token the auth function reads itself on its public MFA routes ({@link SessionGuard#admitBearer}):
 * a raw {@code Authorization} header, or a JWT-shaped token around a fuzzed payload, issued (its hash on record)
 * or not. The answer is a caller or a 401/403 problem, never another exception.
 */
class BearerTokenFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");

    /** The token hash the store holds for every grant it finds: set per input to the token under test or not. */
    private static String issuedHash = "";

    private static final SessionStore SESSIONS = new GrantingSessions(() -> issuedHash, NOW);
    private static final SessionGuard GUARD = new SessionGuard(SESSIONS, () -> PlatformSettings.DEFAULTS, () -> NOW);

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("Bearer eyJhbGciOiJub25lIn0.e30.sig", null, true),
                Arguments.of(null, "{\"sub\":\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\"jti\":\"7a2d3b0f\","
                        + "\"cognito:groups\":[\"provider\",\"admin\"]}", true),
                Arguments.of(null, "{\"sub\":\"u\",\"jti\":\"j\",\"cognito:groups\":\"support\"}", false),
                // a blank sub once reached new UserId(" ") and made MFA setup answer 500 (decision 0019)
                Arguments.of(null, "{\"sub\":\" \",\"jti\":\"j\"}", true));
    }

    @MethodSource("samples")
    @FuzzTest
    void admit(String header, String payload, boolean issued) {
        String authorization = header != null ? header
                : "Bearer eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (payload == null ? "" : payload).getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        String token = authorization.length() > 7 ? authorization.substring(7).strip() : "";
        issuedHash = issued ? Hashes.sha256Hex(token) : "0".repeat(64);
        try {
            Optional<Caller> caller = GUARD.admitBearer(Optional.of(authorization), true);
            caller.ifPresent(c -> {
                if (c.userId().value().isBlank()) {
                    throw new AssertionError("admitted a blank user id");
                }
            });
        } catch (ProblemException refused) {
            int status = refused.problem().status();
            if (status != 401 && status != 403) {
                throw new AssertionError("a token refusal must be 401 or 403, was " + status);
            }
        }
    }
}
