package com.safehold.adapters.dynamodb;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldErasedException;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Personal fields of one table as binary attributes, each encrypted under its owner's key for exactly its
 * place: the logical table, the item's key and the attribute name (SPEC 4.7). A ciphertext copied
 * elsewhere does not decrypt; a field whose owner was erased reads as absent.
 */
final class EncryptedAttributes {

    private final FieldCipher cipher;
    private final String logicalTable;

    EncryptedAttributes(FieldCipher cipher, String logicalTable) {
        this.cipher = cipher;
        this.logicalTable = logicalTable;
    }

    /** Puts the value, encrypted for {@code owner}, into the item; nothing when the value is {@code null}. */
    void put(Map<String, AttributeValue> item, UserId owner, String itemKey, String attribute, String plaintext) {
        if (plaintext != null) {
            item.put(attribute, AttributeValue.fromB(SdkBytes.fromByteArray(
                    cipher.encrypt(plaintext, new FieldContext(owner, logicalTable, itemKey, attribute)))));
        }
    }

    /**
     * The decrypted value, or {@code null} when the item has no such attribute or its owner was erased
     * (the value is gone for good, SPEC 4.7).
     */
    String get(Map<String, AttributeValue> item, UserId owner, String itemKey, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null) {
            return null;
        }
        try {
            return cipher.decrypt(value.b().asByteArray(), new FieldContext(owner, logicalTable, itemKey, attribute));
        } catch (FieldErasedException erased) {
            return null;
        }
    }
}
