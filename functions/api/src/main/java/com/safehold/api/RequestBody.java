package com.safehold.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one request parser's entry point (SPEC 3): turns a raw body into {@link JsonFields}, or answers 400
 * with a problem for every way a body can be wrong before its fields are even read — missing, over
 * {@value #MAX_BYTES} bytes, not UTF-8 JSON, not a JSON object, duplicate keys. Never a 500.
 */
public final class RequestBody {

    /** Largest body any route accepts: 64 KiB. */
    public static final int MAX_BYTES = com.safehold.adapters.JsonMapping.MAX_DOCUMENT_BYTES;

    private RequestBody() {}

    public static JsonFields parseObject(String body, boolean base64Encoded) {
        byte[] bytes = bytes(body, base64Encoded);
        if (bytes.length == 0) {
            throw new ProblemException(Problem.of(400, "missing_body", "Invalid request",
                    "this route needs a JSON object body"));
        }
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(Problem.of(400, "body_too_large", "Invalid request",
                    "the body is " + bytes.length + " bytes; at most " + MAX_BYTES + " are accepted")
                    .with("maxBytes", MAX_BYTES));
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Name where it broke, never what it said: the input may be personal data.
            var at = e.getLocation();
            throw new ProblemException(Problem.of(400, "malformed_json", "Invalid request",
                    at == null ? "the body is not valid JSON or exceeds the nesting and size limits"
                            : "the body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw new ProblemException(Problem.of(400, "malformed_json", "Invalid request",
                    "the body is not valid JSON"));
        }
        if (node == null || node.isMissingNode()) {
            throw new ProblemException(Problem.of(400, "malformed_json", "Invalid request", "the body is empty JSON"));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProblemException(Problem.of(400, "invalid_type", "Invalid request",
                    "the body must be a JSON object"));
        }
        return JsonFields.root(object);
    }

    /** Size in bytes is checked before decoding work: a base64 body is decoded only if it can fit. */
    private static byte[] bytes(String body, boolean base64Encoded) {
        if (body == null) {
            return new byte[0];
        }
        if (base64Encoded) {
            if ((long) body.length() * 3 / 4 > MAX_BYTES + 3) {
                throw new ProblemException(Problem.of(400, "body_too_large", "Invalid request",
                        "at most " + MAX_BYTES + " bytes are accepted").with("maxBytes", MAX_BYTES));
            }
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.of(400, "malformed_json", "Invalid request",
                        "the body is not valid base64"));
            }
        }
        if (body.length() > MAX_BYTES) { // each char is at least one UTF-8 byte
            throw new ProblemException(Problem.of(400, "body_too_large", "Invalid request",
                    "at most " + MAX_BYTES + " bytes are accepted").with("maxBytes", MAX_BYTES));
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
