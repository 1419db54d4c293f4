package com.safehold.adapters.crypto;

import com.safehold.domain.crypto.BlindIndex;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * Blind indexes in AWS: KMS {@code GenerateMac} (HMAC-SHA256) under an HMAC key that never leaves KMS, so a
 * copy of the tables cannot be matched against a list of e-mail addresses. One KMS call per index.
 */
public final class KmsBlindIndex implements BlindIndex {

    private final KmsClient kms;
    private final String keyId;

    public KmsBlindIndex(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public String of(String purpose, String value) {
        byte[] mac = kms.generateMac(r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(SdkBytes.fromByteArray(message(purpose, value)))).mac().asByteArray();
        return HexFormat.of().formatHex(mac);
    }

    /** {@code purpose NUL value} in UTF-8: purposes cannot collide with each other's values. */
    static byte[] message(String purpose, String value) {
        return (purpose + '\u0000' + value).getBytes(StandardCharsets.UTF_8);
    }
}
