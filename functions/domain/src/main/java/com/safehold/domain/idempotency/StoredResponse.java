package com.safehold.domain.idempotency;

import java.util.Map;

/**
 * A response kept for replay: status, the headers that matter ({@code Location}), and the JSON body.
 *
 * @param withheld the body held secrets or personal data and was not kept: {@code body} is empty, and a
 *                 repeat learns only that the request completed (decision 0022)
 */
public record StoredResponse(int status, Map<String, String> headers, String body, boolean withheld) {

    public StoredResponse {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
        if (withheld && !body.isEmpty()) {
            throw new IllegalArgumentException("a withheld response keeps no body");
        }
    }

    public StoredResponse(int status, Map<String, String> headers, String body) {
        this(status, headers, body, false);
    }

    /** Only that a request completed with {@code status}, and its {@code headers} (no secrets there). */
    public static StoredResponse withheld(int status, Map<String, String> headers) {
        return new StoredResponse(status, headers, "", true);
    }
}
