package com.safehold.adapters.crypto;

import com.safehold.domain.crypto.BlindIndex;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blind indexes on the local platform and in tests: HMAC-SHA256 under a local key, over the same message as
 * {@link KmsBlindIndex} ({@code purpose NUL value}).
 */
public final class LocalBlindIndex implements BlindIndex {

    private final SecretKeySpec key;

    public LocalBlindIndex(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a blind-index key needs at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    @Override
    public String of(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(KmsBlindIndex.message(purpose, value)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

}
