package com.safehold.domain.crypto;

import com.safehold.domain.common.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Whose a ciphertext is and exactly where it lives (SPEC 4.7). The {@code owner} picks the data key: each
 * person's fields are encrypted under that person's own key, so destroying the key erases every copy
 * (crypto-shredding, {@link CryptoShredder}). Table, item key and attribute bind the ciphertext to one
 * place: decrypting it anywhere else, or as someone else's, fails.
 *
 * @param owner     the person the field is about or was written by; their key encrypts it
 * @param table     logical table name, e.g. {@code accounts}
 * @param itemKey   the item's key, e.g. the user id or the message id
 * @param attribute the attribute name, e.g. {@code phone}
 */
public record FieldContext(UserId owner, String table, String itemKey, String attribute) {

    public FieldContext {
        Objects.requireNonNull(owner, "owner");
        requireClean(table, "table");
        requireClean(itemKey, "itemKey");
        requireClean(attribute, "attribute");
    }

    /** Unambiguous byte form used as authenticated data: each part length-prefixed. */
    public byte[] canonicalBytes() {
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {owner.value(), table, itemKey, attribute}) {
            sb.append(part.length()).append(':').append(part).append(';');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void requireClean(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }
}
