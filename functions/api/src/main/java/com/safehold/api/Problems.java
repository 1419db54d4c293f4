package com.safehold.api;

import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.ValidationException;

/** Maps domain refusals to problems: one HTTP status per kind. */
public final class Problems {

    private Problems() {}

    public static Problem from(DomainException e) {
        if (e instanceof ValidationException invalid) {
            return Problem.invalid(invalid.violations());
        }
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case UNPROCESSABLE -> 422;
            case LOCKED -> 423;
            case TOO_MANY_REQUESTS -> 429;
        };
        return new Problem(status, e.code(), title(status), e.detail(), e.extras());
    }

    public static Problem unauthorized() {
        return Problem.of(401, "unauthorized", title(401), "a valid bearer access token is required");
    }

    public static Problem internalError(String requestId) {
        return Problem.of(500, "internal_error", title(500),
                "the request failed on our side; quote requestId " + requestId + " to support")
                .with("requestId", requestId);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 422 -> "Unprocessable request";
            case 423 -> "Locked";
            case 429 -> "Too many requests";
            default -> "Internal error";
        };
    }
}
