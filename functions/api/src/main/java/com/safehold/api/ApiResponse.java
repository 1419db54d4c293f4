package com.safehold.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response a route returns: status, extra headers and a JSON body; {@code problemCode} is the problem's
 * {@code code} for error responses (for the request log), else {@code null}.
 */
public record ApiResponse(int status, Map<String, String> headers, String body, String problemCode) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, Map<String, String> headers, String body) {
        this(status, headers, body, null);
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Map.of("content-type", "application/json"), Json.write(body));
    }

    /** JSON lines ({@code application/x-ndjson}): one JSON value per line, for exports read record by record. */
    public static ApiResponse jsonLines(int status, java.util.List<? extends JsonNode> lines) {
        StringBuilder body = new StringBuilder();
        for (JsonNode line : lines) {
            body.append(Json.write(line)).append('\n');
        }
        return new ApiResponse(status, Map.of("content-type", "application/x-ndjson"), body.toString());
    }

    /** 204 with no body. */
    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), "");
    }

    public static ApiResponse problem(Problem problem) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/problem+json");
        Object retryAfter = problem.extras().get("retryAfterSeconds");
        if (retryAfter != null) {
            headers.put("retry-after", retryAfter.toString());
        }
        return new ApiResponse(problem.status(), headers, Json.write(problem.toJson()), problem.code());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, more, body, problemCode);
    }

    APIGatewayV2HTTPResponse toLambda() {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("cache-control", "no-store"); // responses are per caller and may hold their own data
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(all).withBody(body).build();
    }
}
