package com.safehold.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.domain.common.Caller;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One API Gateway (HTTP API, payload 2.0) request as a handler sees it. */
public final class ApiRequest {

    private final APIGatewayV2HTTPEvent event;
    private final Context context;

    ApiRequest(APIGatewayV2HTTPEvent event, Context context) {
        this.event = event;
        this.context = context;
    }

    public String routeKey() {
        return event.getRouteKey();
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getRequestId() != null ? ctx.getRequestId() : "unknown";
    }

    /** The verified caller; answers 401 if the request carries no verified identity. */
    public Caller caller() {
        return Callers.from(event).orElseThrow(() -> new ProblemException(Problems.unauthorized()));
    }

    /** A path parameter of the route template; the gateway guarantees it is present. */
    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isBlank()) {
            throw new ProblemException(Problem.of(404, "not_found", "Not found", "no such resource"));
        }
        return value;
    }

    /** A header, case-insensitively (HTTP API lower-cases them; the local gateway does too). */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.ofNullable(header.getValue());
            }
        }
        return Optional.empty();
    }

    /** The body as a JSON object, via the one request parser. */
    public JsonFields body() {
        return RequestBody.parseObject(event.getBody(), event.getIsBase64Encoded());
    }

    /** The raw body as sent, for request fingerprints. */
    public String rawBody() {
        return event.getBody() == null ? "" : event.getBody();
    }

    public String rawPath() {
        return event.getRawPath() == null ? "" : event.getRawPath();
    }

    /** Milliseconds the invocation has left, or a conservative default outside Lambda. */
    public long remainingMillis() {
        return context == null ? 30_000 : context.getRemainingTimeInMillis();
    }
}
