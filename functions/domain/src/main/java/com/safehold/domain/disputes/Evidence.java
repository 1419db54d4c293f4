package com.safehold.domain.disputes;

/** An item a dispute cites (SPEC 4.6). */
public record Evidence(Type type, String id) {
    public enum Type { CHANGE_REQUEST, MESSAGE, CHECK_IN_ATTEMPT }
}
