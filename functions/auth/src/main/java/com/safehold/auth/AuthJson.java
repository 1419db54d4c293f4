package com.safehold.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.Json;
import com.safehold.domain.accounts.AuthOutcomes.Authenticated;
import com.safehold.domain.accounts.AuthOutcomes.Login;
import com.safehold.domain.accounts.AuthOutcomes.MfaEnrolment;
import com.safehold.domain.accounts.AuthOutcomes.MfaRequired;
import com.safehold.domain.accounts.AuthOutcomes.MfaSetupRequired;
import com.safehold.domain.accounts.AuthOutcomes.MfaVerified;
import com.safehold.domain.accounts.IssuedTokens;
import java.util.Base64;

/** The auth routes' response bodies (SPEC 4.1). */
final class AuthJson {

    private AuthJson() {}

    static ObjectNode login(Login outcome) {
        ObjectNode out = Json.object();
        switch (outcome) {
            case Authenticated a -> authenticated(out, a);
            case MfaRequired m -> out.put("status", "MFA_REQUIRED").put("session", m.session());
            case MfaSetupRequired m -> out.put("status", "MFA_SETUP_REQUIRED").put("session", m.session());
        }
        return out;
    }

    static ObjectNode enrolment(MfaEnrolment enrolment) {
        ObjectNode out = Json.object()
                .put("secret", enrolment.secret())
                .put("otpauthUri", enrolment.otpauthUri())
                .put("qrPng", Base64.getEncoder().encodeToString(enrolment.qrPng()));
        if (enrolment.session() != null) {
            out.put("session", enrolment.session());
        }
        return out;
    }

    static ObjectNode verified(MfaVerified verified) {
        ObjectNode out = Json.object();
        ArrayNode codes = out.putArray("recoveryCodes");
        verified.recoveryCodes().forEach(codes::add);
        if (verified.authenticated() != null) {
            authenticated(out, verified.authenticated());
        }
        return out;
    }

    private static void authenticated(ObjectNode out, Authenticated a) {
        IssuedTokens t = a.tokens();
        out.put("status", "AUTHENTICATED");
        ObjectNode tokens = out.putObject("tokens")
                .put("accessToken", t.accessToken())
                .put("idToken", t.idToken());
        if (t.refreshToken() != null) {
            tokens.put("refreshToken", t.refreshToken());
        }
        tokens.put("expiresIn", t.expiresInSeconds());
        if (a.deviceToken() != null) {
            out.put("deviceToken", a.deviceToken());
        }
    }
}
