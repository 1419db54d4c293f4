package com.safehold.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.domain.common.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem with Safehold's stable machine {@code code} (SPEC 3):
 * {@code {"type","title","status","code","detail",...extras}}, sent as {@code application/problem+json}.
 */
public record Problem(int status, String code, String title, String detail, Map<String, Object> extras) {

    public static final String TYPE_BASE = "https://safehold.dev/problems/";

    public Problem {
        extras = Map.copyOf(extras);
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, code, title, detail, Map.of());
    }

    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extras);
        more.put(name, value);
        return new Problem(status, code, title, detail, more);
    }

    /** 400 {@code code}: bad input, listing every violation found. */
    public static Problem invalid(List<Violation> violations) {
        Violation first = violations.getFirst();
        return new Problem(400, first.code(), "Invalid request", first.detail(),
                Map.of("errors", violations.stream()
                        .map(v -> Map.of("field", v.field(), "code", v.code(), "detail", v.detail()))
                        .toList()));
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("type", TYPE_BASE + code.replace('_', '-'));
        node.put("title", title);
        node.put("status", status);
        node.put("code", code);
        node.put("detail", detail);
        extras.forEach((name, value) -> node.set(name, Json.MAPPER.valueToTree(value)));
        return node;
    }
}
