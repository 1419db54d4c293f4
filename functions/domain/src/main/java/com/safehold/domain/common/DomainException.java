package com.safehold.domain.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rule of the domain said no. Carries a stable machine {@code code} (SPEC 3) and a {@link Kind} that the
 * API layer maps to an HTTP status; the domain itself knows nothing of HTTP. {@code detail} must never
 * contain personal data: it is returned to callers and may be logged.
 */
public class DomainException extends RuntimeException {

    /** What kind of refusal this is; each maps to one HTTP status. */
    public enum Kind {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, UNPROCESSABLE, LOCKED, TOO_MANY_REQUESTS
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> extras;

    public DomainException(Kind kind, String code, String detail) {
        this(kind, code, detail, Map.of());
    }

    public DomainException(Kind kind, String code, String detail, Map<String, Object> extras) {
        super(detail, null, false, false); // a refusal is not a fault: no stack trace to fill
        this.kind = Objects.requireNonNull(kind);
        this.code = Objects.requireNonNull(code);
        this.extras = new LinkedHashMap<>(extras);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra problem members, e.g. {@code retryAfterSeconds}; values are strings, numbers, booleans or lists. */
    public Map<String, Object> extras() {
        return Map.copyOf(extras);
    }

    public static DomainException notFound(String what) {
        return new DomainException(Kind.NOT_FOUND, "not_found", what + " not found");
    }
}
