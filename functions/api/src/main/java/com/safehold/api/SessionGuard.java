package com.safehold.api;

import com.safehold.domain.common.Hashes;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.settings.SettingsSource;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a request's access token still stands for a live session, on top of what the gateway's JWT
 * authorizer checks (signature, issuer, audience, expiry): the token must have been issued by Safehold's auth
 * function and not revoked since (logout, password change), and must be younger than the session timeout in
 * force (SPEC 4.2, capped at 15 minutes in HIPAA mode). In HIPAA mode the support role is refused on every
 * route that shows user data. One consistent read of the session registry per request.
 */
public final class SessionGuard {

    private final SessionStore sessions;
    private final SettingsSource settings;
    private final Clock clock;

    public SessionGuard(SessionStore sessions, SettingsSource settings, Clock clock) {
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The caller of a JWT route, from the claims the gateway verified.
     *
     * @throws ProblemException 401 when the session ended or aged out; 403 {@code support_access_denied}
     */
    public Caller admit(Map<String, String> claims, boolean showsUserData) {
        String sub = claims.get("sub");
        String jti = claims.get("jti");
        if (sub == null || sub.isBlank() || jti == null || jti.isBlank()) {
            throw new ProblemException(Problems.unauthorized());
        }
        AccessGrant grant = sessions.findGrant(jti, new UserId(sub), clock.now())
                .orElseThrow(SessionGuard::sessionEnded);
        return admitted(grant, Callers.roles(claims.get("cognito:groups")), showsUserData);
    }

    /**
     * The caller behind a bearer token on a public route (MFA setup and verify accept a token or a login
     * session). The gateway checked nothing there, so the token must hash to the one the auth function issued
     * under its {@code jti}: only its holder can present it.
     *
     * @return empty when the request carries no {@code Authorization} header
     */
    public Optional<Caller> admitBearer(Optional<String> authorizationHeader, boolean showsUserData) {
        if (authorizationHeader.isEmpty() || authorizationHeader.get().isBlank()) {
            return Optional.empty();
        }
        String header = authorizationHeader.get().strip();
        if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new ProblemException(Problems.unauthorized());
        }
        String token = header.substring("bearer ".length()).strip();
        JsonNode payload = payload(token);
        String sub = payload.path("sub").asText("");
        String jti = payload.path("jti").asText("");
        if (sub.isBlank() || jti.isBlank()) { // a blank sub is no user id (UserId refuses it)
            throw new ProblemException(Problems.unauthorized());
        }
        AccessGrant grant = sessions.findGrant(jti, new UserId(sub), clock.now())
                .filter(g -> Hashes.sameDigest(Hashes.sha256Hex(token), g.tokenHash()))
                .orElseThrow(SessionGuard::sessionEnded);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        payload.path("cognito:groups").forEach(g -> Role.fromGroup(g.asText()).ifPresent(roles::add));
        return Optional.of(admitted(grant, roles, showsUserData));
    }

    private Caller admitted(AccessGrant grant, Set<Role> roles, boolean showsUserData) {
        PlatformSettings current = settings.current();
        Duration age = Duration.between(grant.issuedAt(), clock.now());
        if (age.compareTo(Duration.ofMinutes(current.effectiveSessionTimeoutMinutes())) >= 0) {
            throw new ProblemException(Problem.of(401, "session_expired", "Unauthorized",
                    "the access token is older than the session timeout; refresh or log in again"));
        }
        Caller caller = new Caller(grant.userId(), roles);
        if (showsUserData && current.hipaaMode() && caller.has(Role.SUPPORT)) {
            throw new ProblemException(Problem.of(403, "support_access_denied", "Forbidden",
                    "in HIPAA mode the support role has no access to user data"));
        }
        return caller;
    }

    private static ProblemException sessionEnded() {
        return new ProblemException(Problem.of(401, "session_ended", "Unauthorized",
                "this access token was revoked or not issued by Safehold; log in again"));
    }

    private static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new ProblemException(Problems.unauthorized());
        }
        try {
            return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception malformed) {
            throw new ProblemException(Problems.unauthorized());
        }
    }

}
