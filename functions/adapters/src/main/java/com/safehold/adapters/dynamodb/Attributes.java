package com.safehold.adapters.dynamodb;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Small helpers for hand-written item mapping. Items are mapped by hand (no reflection-built bean schemas)
 * so that cold starts stay short and every stored attribute is visible in one place per store.
 */
final class Attributes {

    private Attributes() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Doubles as plain decimal strings: DynamoDB numbers take no exponent notation from us. */
    static AttributeValue n(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString());
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long longValue(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    static long longValue(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? absent : Long.parseLong(v.n());
    }

    static int intValue(Map<String, AttributeValue> item, String name) {
        return Math.toIntExact(longValue(item, name));
    }

    static double doubleValue(Map<String, AttributeValue> item, String name) {
        return Double.parseDouble(item.get(name).n());
    }

    static boolean boolValue(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static Instant instantValue(Map<String, AttributeValue> item, String name) {
        return Instant.parse(item.get(name).s());
    }
}
