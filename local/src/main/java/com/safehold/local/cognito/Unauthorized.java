package com.safehold.local.cognito;

import java.util.Objects;

/**
 * The local authorizer refused a request. The reason is for our logs only (it never contains the token or any
 * claim value); like API Gateway, the local gateway answers a plain 401 whatever the reason.
 */
public final class Unauthorized extends RuntimeException {

    /** Why a token was refused. */
    public enum Reason {
        MISSING_TOKEN("missing bearer token"),
        MALFORMED("malformed token"),
        BAD_SIGNATURE("bad signature or unknown signing key"),
        KEYS_UNAVAILABLE("signing keys unavailable"),
        WRONG_ISSUER("wrong issuer"),
        WRONG_TOKEN_USE("not an access token"),
        WRONG_CLIENT("wrong client"),
        NOT_YET_VALID("not yet valid"),
        EXPIRED("expired"),
        INSUFFICIENT_SCOPE("insufficient scope");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public Unauthorized(Reason reason) {
        this(reason, null);
    }

    public Unauthorized(Reason reason, Throwable cause) {
        super(reason.text(), cause, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
