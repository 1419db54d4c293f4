package com.safehold.domain.crypto;

/**
 * The field's owner was erased: their data key is destroyed, so the field is gone for good. Readers that
 * show one person's data to another (a message thread) show it as erased instead of failing.
 */
public final class FieldErasedException extends FieldDecryptionException {
    public FieldErasedException(String message) {
        super(message, null);
    }
}
