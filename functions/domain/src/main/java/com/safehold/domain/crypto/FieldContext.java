package com.safehold.domain.crypto;

import java.util.Objects;

/**
 * Binds a ciphertext to exactly one place: table, item key and attribute. Decrypting it anywhere else
 * fails, so a ciphertext copied to another item or attribute is refused (SPEC 4.7).
 *
 * @param table     logical table name, e.g. {@code users}
 * @param itemKey   the item's key, e.g. the user id
 * @param attribute the attribute name, e.g. {@code email}
 */
public record FieldContext(String table, String itemKey, String attribute) {

    public FieldContext {
        requireClean(table, "table");
        requireClean(itemKey, "itemKey");
        requireClean(attribute, "attribute");
    }

    /** Unambiguous byte form used as authenticated data: each part length-prefixed. */
    public byte[] canonicalBytes() {
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {table, itemKey, attribute}) {
            sb.append(part.length()).append(':').append(part).append(';');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void requireClean(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }
}
