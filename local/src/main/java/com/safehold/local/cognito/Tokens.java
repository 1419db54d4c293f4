package com.safehold.local.cognito;

import java.util.Objects;

/**
 * The three tokens of a successful Cognito login. {@link #toString()} hides them: they are credentials and
 * must never reach a log line.
 */
public record Tokens(String accessToken, String idToken, String refreshToken) {

    public Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(idToken, "idToken");
    }

    /** The value of an {@code Authorization} header carrying the access token. */
    public String bearer() {
        return "Bearer " + accessToken;
    }

    @Override
    public String toString() {
        return "Tokens[access=***, id=***, refresh=" + (refreshToken == null ? "none" : "***") + "]";
    }
}
