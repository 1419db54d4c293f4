package com.safehold.domain.accounts;

import com.safehold.domain.common.Hashes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer secrets handed to clients (login sessions, device tokens) and the hashes under which the server
 * keeps them: a leaked table does not contain a usable secret. 256 random bits make a plain SHA-256 enough.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        return Hashes.sha256Hex(value);
    }

    static SecureRandom random() {
        return RANDOM;
    }
}
