package com.safehold.domain.loyalty;

import com.safehold.domain.common.DomainException;
import java.util.Map;

/** Why a scan was refused, with its SPEC 4.9 status and code; recorded per store as a fraud signal. */
public enum ScanRefusal {
    INVALID_CODE(DomainException.Kind.INVALID, "invalid_code", "the code is not a valid Safehold code"),
    CODE_EXPIRED(DomainException.Kind.GONE, "code_expired", "the code has expired"),
    CODE_REVOKED(DomainException.Kind.FORBIDDEN, "code_revoked", "the store has revoked this code"),
    OUTSIDE_STORE(DomainException.Kind.FORBIDDEN, "outside_store",
            "your position is not inside the store, or not precise enough to tell"),
    COOLDOWN(DomainException.Kind.TOO_MANY_REQUESTS, "cooldown", "you collected a stamp here a moment ago"),
    CODE_USED(DomainException.Kind.CONFLICT, "code_used", "this code has been used");

    private final DomainException.Kind kind;
    private final String code;
    private final String detail;

    ScanRefusal(DomainException.Kind kind, String code, String detail) {
        this.kind = kind;
        this.code = code;
        this.detail = detail;
    }

    /** The stable code, also the counter's name in the scan statistics. */
    public String code() {
        return code;
    }

    public DomainException exception() {
        return new DomainException(kind, code, detail);
    }

    public DomainException exception(long retryAfterSeconds) {
        return new DomainException(kind, code, detail, Map.of("retryAfterSeconds", retryAfterSeconds));
    }
}
