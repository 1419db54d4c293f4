package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.common.UserId;
import com.safehold.domain.disputes.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SPEC 4.7 "logs never contain personal data": a log line has only the closed set of keys ({@code ts},
 * {@code level}, {@code event} and {@link LogField}), and what reaches a value goes through the value's
 * {@code toString}, which the personal types redact; an error's message, which may quote anything, is never
 * written.
 */
class JsonLogTest {

    private static final String EMAIL = "canary.log@example.test";
    private static final String TEXT = "CANARY-LOG-TEXT Elm Street 4";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog("privacy", new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void everyLineHasOnlyTheClosedFieldList_andNoPersonalValue() throws Exception {
        Map<LogField, Object> fields = new EnumMap<>(LogField.class);
        for (LogField field : LogField.values()) {
            fields.put(field, "v-" + field.key());
        }
        fields.put(LogField.RESOURCE_ID, Email.parse(EMAIL).orElseThrow());
        fields.put(LogField.CODE, new Message("bkg_1", "msg_1", new UserId("usr-1"), TEXT, Instant.EPOCH));
        fields.put(LogField.STATUS, 500);
        fields.put(LogField.IDEMPOTENCY, true);

        log.info("request", fields);
        log.warn("retry", Map.of(LogField.ROUTE, "POST /v1/bookings"));
        log.error("failure", new IllegalStateException("could not reach " + EMAIL + ": " + TEXT), fields);

        String output = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = Arrays.stream(output.split("\n")).filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        Set<String> allowed = new HashSet<>(List.of("ts", "level", "event"));
        Arrays.stream(LogField.values()).map(LogField::key).forEach(allowed::add);
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode json = new ObjectMapper().readTree(line);
            List<String> keys = new ArrayList<>();
            json.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(line).isSubsetOf(allowed);
            json.fields().forEachRemaining(e -> assertThat(e.getValue().isValueNode()).as(line).isTrue());
            seen.addAll(keys);
        }
        assertThat(seen).as("the test covered every field").containsAll(allowed);
        assertThat(output).doesNotContain(EMAIL).doesNotContain("canary.log").doesNotContain(TEXT)
                .doesNotContain("Elm Street");
        JsonNode error = new ObjectMapper().readTree(lines.get(2));
        assertThat(error.get("errorType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.get("errorAt").asText()).startsWith(JsonLogTest.class.getName());
        assertThat(new ObjectMapper().readTree(lines.get(0)).get("status").asInt()).isEqualTo(500);
    }
}
