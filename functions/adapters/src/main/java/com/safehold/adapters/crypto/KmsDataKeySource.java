package com.safehold.adapters.crypto;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Per-person data keys from AWS KMS (SPEC 4.7): {@code GenerateDataKey} makes them, {@code Decrypt} opens
 * wrapped ones.
 *
 * <p>The KMS encryption context is {@link #encryptionContext(UserId)}: the application, the purpose and the
 * owner's pseudonymous id. KMS therefore refuses a wrapped key copied to another person's record, and
 * CloudTrail shows whose key was opened, never what for. The binding of a field to its table, item and
 * attribute is the AES-GCM authenticated data of each field ({@link EnvelopeFieldCipher}).
 *
 * <p>Errors: a ciphertext KMS refuses for good ({@code InvalidCiphertextException},
 * {@code IncorrectKeyException}) becomes a {@link FieldDecryptionException}. Everything else (throttling,
 * network, access denied, key disabled) propagates as the SDK's exception: the field may well be readable
 * once that passes, so callers must not treat it as lost data.
 */
public final class KmsDataKeySource implements DataKeySource {

    /** The encryption context of {@code owner}'s data key: the application, the purpose and the owner. */
    public static Map<String, String> encryptionContext(UserId owner) {
        return Map.of("app", "safehold", "purpose", "person-data-key", "owner", owner.value());
    }

    private final KmsClient kms;
    private final String keyId;

    /**
     * @param kms   the client; shared, thread-safe
     * @param keyId the KMS key id, key ARN or alias that wraps data keys (Decrypt names it too, so a
     *              ciphertext wrapped under any other key is refused)
     */
    public KmsDataKeySource(KmsClient kms, String keyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("keyId is blank");
        }
    }

    @Override
    public DataKey generate(UserId owner) {
        GenerateDataKeyResponse response = kms.generateDataKey(request -> request
                .keyId(keyId)
                .keySpec(DataKeySpec.AES_256)
                .encryptionContext(encryptionContext(owner)));
        return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
    }

    @Override
    public byte[] unwrap(byte[] wrapped, UserId owner) {
        try {
            return kms.decrypt(request -> request
                    .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                    .keyId(keyId)
                    .encryptionContext(encryptionContext(owner)))
                    .plaintext().asByteArray();
        } catch (InvalidCiphertextException | IncorrectKeyException e) {
            throw new FieldDecryptionException("KMS refused the wrapped data key (" + errorCode(e) + ")", e);
        }
    }

    @Override
    public String toString() {
        return "KmsDataKeySource[" + keyId + "]";
    }

    private static String errorCode(KmsException e) {
        return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    }
}
