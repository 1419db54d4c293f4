package com.safehold.adapters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of a function, built once per execution environment and shared by the API layer
 * ({@code com.safehold.api.Json}) and the adapters (queue messages, notifications, tokens): one set of
 * Jackson classes and caches to load at a cold start, one configuration. Strict on input: duplicate keys are
 * refused (two values for one field would be ambiguous), so is anything after the document, and nesting and
 * string sizes are bounded. Only the tree model is used: no reflection over our own classes.
 */
public final class JsonMapping {

    /** The largest JSON document (and so string) the platform reads: a request body's limit. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(MAX_DOCUMENT_BYTES)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // `{"a":1}}` is not one JSON document
            .build();

    private JsonMapping() {}
}
