package com.safehold.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.domain.common.Violations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of one JSON object that collect every violation instead of failing on the first: missing
 * fields, wrong types, unknown enum values, integers out of range and — at {@link #finish()} — fields the
 * route does not know (a misspelled field must not be silently ignored when money is involved).
 *
 * <p>Readers return {@code null} for a field that is absent or wrong; call {@link #finish()} before using
 * what they returned: it throws a {@code ValidationException} (400) if anything was wrong anywhere in the
 * document, nested objects included. JSON {@code null} counts as absent.
 */
public final class JsonFields {

    private final ObjectNode node;
    private final String path;
    private final Violations violations;
    private final Set<String> known = new HashSet<>();
    private final List<JsonFields> all;

    private JsonFields(ObjectNode node, String path, Violations violations, List<JsonFields> all) {
        this.node = node;
        this.path = path;
        this.violations = violations;
        this.all = all;
        all.add(this);
    }

    static JsonFields root(ObjectNode node) {
        return new JsonFields(node, "", new Violations(), new ArrayList<>());
    }

    /** Required string. */
    public String string(String name) {
        return text(name, true);
    }

    public String optionalString(String name) {
        return text(name, false);
    }

    /** Required whole number that fits a {@code long}. 12.5, "12" and 1e3 are refused. */
    public Long integer(String name) {
        return integer(name, true);
    }

    public Long optionalInteger(String name) {
        return integer(name, false);
    }

    /** Required whole number that fits an {@code int}. */
    public Integer smallInteger(String name) {
        Long value = integer(name, true);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            violations.add(at(name), "out_of_range", at(name) + " is out of range");
            return null;
        }
        return value.intValue();
    }

    /** Required number, whole or decimal. */
    public Double number(String name) {
        return number(name, true);
    }

    public Double optionalNumber(String name) {
        return number(name, false);
    }

    private Double number(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            wrongType(name, "a number");
            return null;
        }
        return value.doubleValue();
    }

    /** Required {@code true} or {@code false}. */
    public Boolean bool(String name) {
        return bool(name, true);
    }

    public Boolean optionalBoolean(String name) {
        return bool(name, false);
    }

    private Boolean bool(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            wrongType(name, "true or false");
            return null;
        }
        return value.booleanValue();
    }

    /** Required enum value, spelled exactly like the constant (e.g. {@code INTRO_MEETING}). */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        return enumValue(name, type, true);
    }

    public <E extends Enum<E>> E optionalEnumValue(String name, Class<E> type) {
        return enumValue(name, type, false);
    }

    private <E extends Enum<E>> E enumValue(String name, Class<E> type, boolean required) {
        String text = text(name, required);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        violations.add(at(name), "unknown_enum_value", at(name) + " must be one of "
                + Arrays.toString(type.getEnumConstants()));
        return null;
    }

    public JsonFields object(String name) {
        return object(name, true);
    }

    public JsonFields optionalObject(String name) {
        return object(name, false);
    }

    /** Optional array of objects; absent gives an empty list. */
    public List<JsonFields> optionalObjects(String name, int maxItems) {
        JsonNode value = present(name, false);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof ArrayNode array)) {
            wrongType(name, "an array");
            return List.of();
        }
        if (array.size() > maxItems) {
            violations.add(at(name), "too_many_items", at(name) + " takes at most " + maxItems + " items");
            return List.of();
        }
        List<JsonFields> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = at(name) + "[" + i + "]";
            if (array.get(i) instanceof ObjectNode item) {
                items.add(new JsonFields(item, itemPath, violations, all));
            } else {
                violations.add(itemPath, "invalid_type", itemPath + " must be an object");
            }
        }
        return items;
    }

    /** A required ISO-8601 UTC time such as {@code 2026-11-23T14:00:00Z}. */
    public Instant instant(String name) {
        return instant(name, true);
    }

    public Instant optionalInstant(String name) {
        return instant(name, false);
    }

    private Instant instant(String name, boolean required) {
        String text = text(name, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            violations.add(at(name), "invalid_time", at(name) + " must be an ISO-8601 UTC time such as 2026-11-23T14:00:00Z");
            return null;
        }
    }

    /** Required array of 1 to {@code maxItems} strings; null (with the violation recorded) when it is not. */
    public List<String> strings(String name, int maxItems) {
        JsonNode value = present(name, true);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ArrayNode array)) {
            wrongType(name, "an array of strings");
            return null;
        }
        if (array.isEmpty() || array.size() > maxItems) {
            violations.add(at(name), "out_of_range", at(name) + " takes 1 to " + maxItems + " items");
            return null;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                violations.add(at(name) + "[" + i + "]", "invalid_type", at(name) + "[" + i + "] must be a string");
                return null;
            }
            items.add(array.get(i).textValue());
        }
        return items;
    }

    /** Throws if any read, here or in a nested object, found a problem, or if there are unknown fields. */
    public void finish() {
        for (JsonFields fields : all) {
            Iterator<String> names = fields.node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!fields.known.contains(name)) {
                    violations.add(fields.at(name), "unknown_field", fields.at(name) + " is not a field of this request");
                }
            }
        }
        violations.throwIfAny();
    }

    private String text(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            wrongType(name, "a string");
            return null;
        }
        return value.textValue();
    }

    private Long integer(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            wrongType(name, "a whole number");
            return null;
        }
        if (!value.canConvertToLong()) {
            violations.add(at(name), "out_of_range", at(name) + " is out of range");
            return null;
        }
        return value.longValue();
    }

    private JsonFields object(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            wrongType(name, "an object");
            return null;
        }
        return new JsonFields(object, at(name), violations, all);
    }

    private JsonNode present(String name, boolean required) {
        known.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                violations.add(at(name), "missing_field", at(name) + " is required");
            }
            return null;
        }
        return value;
    }

    private void wrongType(String name, String expected) {
        violations.add(at(name), "invalid_type", at(name) + " must be " + expected);
    }

    private String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
