package com.safehold.api;

/**
 * Everything a log line may carry. A closed list on purpose: there is no field for names, e-mails, phone
 * numbers, message texts or request bodies, so personal data cannot reach the logs through this API
 * (SPEC 4.7). Ids are random and carry no personal data.
 */
public enum LogField {
    FUNCTION("function"),
    REQUEST_ID("requestId"),
    ROUTE("route"),
    STATUS("status"),
    CODE("code"),
    DURATION_MS("durationMs"),
    RESOURCE_ID("resourceId"),
    IDEMPOTENCY("idempotency"),
    ERROR_TYPE("errorType"),
    ERROR_AT("errorAt");

    private final String key;

    LogField(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
