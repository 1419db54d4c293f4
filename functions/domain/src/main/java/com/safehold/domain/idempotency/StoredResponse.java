package com.safehold.domain.idempotency;

import java.util.Map;

/** A response kept for replay: status, the headers that matter ({@code Location}), and the JSON body. */
public record StoredResponse(int status, Map<String, String> headers, String body) {
    public StoredResponse {
        headers = Map.copyOf(headers);
    }
}
