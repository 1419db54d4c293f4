package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.UserId;
import com.safehold.domain.settings.PlatformSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bearer check the auth function makes itself on its public MFA routes. */
class SessionGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");

    /** Finds a live grant for every (jti, user) whose token hash is {@code issuedHash}. */
    private static SessionGuard guardIssuing(String issuedHash) {
        SessionStore sessions = new GrantingSessions(() -> issuedHash, NOW);
        return new SessionGuard(sessions, () -> PlatformSettings.DEFAULTS, () -> NOW);
    }

    private static String token(String payload) {
        return "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void anIssuedTokenAdmitsItsHolder() {
        String token = token("{\"sub\":\"user-1\",\"jti\":\"j-1\",\"cognito:groups\":[\"provider\"]}");
        assertThat(guardIssuing(Hashes.sha256Hex(token)).admitBearer(Optional.of("Bearer " + token), false))
                .hasValueSatisfying(c -> assertThat(c.userId().value()).isEqualTo("user-1"));
    }

    @Test
    void aTokenWhoseSubOrJtiIsBlank_isUnauthorized_notAnError() {
        // found by BearerTokenFuzzTest: a blank sub reached new UserId(" "), which throws, so MFA setup answered 500
        for (String payload : new String[] {"{\"sub\":\" \",\"jti\":\"j\"}", "{\"sub\":\"u\",\"jti\":\"\\t\"}"}) {
            String token = token(payload);
            assertThatThrownBy(() -> guardIssuing(Hashes.sha256Hex(token)).admitBearer(Optional.of("Bearer " + token), false))
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(401));
        }
    }
}
