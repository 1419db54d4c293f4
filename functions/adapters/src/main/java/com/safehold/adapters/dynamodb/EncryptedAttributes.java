package com.safehold.adapters.dynamodb;

import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Personal fields of one table as binary attributes, each encrypted for exactly its place: the logical
 * table, the item's key and the attribute name (SPEC 4.7). A ciphertext copied elsewhere does not decrypt.
 */
final class EncryptedAttributes {

    private final FieldCipher cipher;
    private final String logicalTable;

    EncryptedAttributes(FieldCipher cipher, String logicalTable) {
        this.cipher = cipher;
        this.logicalTable = logicalTable;
    }

    AttributeValue encrypt(String itemKey, String attribute, String plaintext) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(
                cipher.encrypt(plaintext, new FieldContext(logicalTable, itemKey, attribute))));
    }

    /** Puts the encrypted value into the item, or nothing when the value is {@code null}. */
    void put(Map<String, AttributeValue> item, String itemKey, String attribute, String plaintext) {
        if (plaintext != null) {
            item.put(attribute, encrypt(itemKey, attribute, plaintext));
        }
    }

    /** The decrypted value, or {@code null} when the item has no such attribute. */
    String get(Map<String, AttributeValue> item, String itemKey, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null
                : cipher.decrypt(value.b().asByteArray(), new FieldContext(logicalTable, itemKey, attribute));
    }
}
