package com.safehold.api;

import com.safehold.adapters.JsonMapping;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The API layer's view of the one JSON mapper ({@link JsonMapping}): responses are built from its nodes. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapping.MAPPER;

    private Json() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a response", e);
        }
    }
}
