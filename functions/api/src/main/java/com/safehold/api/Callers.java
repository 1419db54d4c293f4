package com.safehold.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The caller from the JWT authorizer's claims (SPEC 1, 3). The HTTP API authorizer has already verified
 * the token; this reads {@code sub} and {@code cognito:groups}. The gateway renders a list claim as
 * {@code [provider admin]}; a JSON-style {@code ["provider","admin"]} is read too. Unknown groups are
 * ignored, so a new Cognito group grants nothing until the code knows it.
 */
public final class Callers {

    private Callers() {}

    public static Optional<Caller> from(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = claims(event);
        String sub = claims.get("sub");
        if (sub == null || sub.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Caller(new UserId(sub), roles(claims.get("cognito:groups"))));
    }

    static Set<Role> roles(String groupsClaim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (groupsClaim == null) {
            return roles;
        }
        String inner = groupsClaim.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        for (String group : inner.split("[\\s,]+")) {
            Role.fromGroup(group.replace("\"", "")).ifPresent(roles::add);
        }
        return roles;
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null
                || context.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return context.getAuthorizer().getJwt().getClaims();
    }
}
