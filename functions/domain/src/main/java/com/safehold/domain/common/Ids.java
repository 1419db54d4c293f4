package com.safehold.domain.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Port: new unguessable ids. The default draws 128 bits from {@link SecureRandom}; ids are prefixed by
 * type ({@code off_...}) so a wrong id in a log or a support ticket is recognisable at a glance.
 */
@FunctionalInterface
public interface Ids {

    String next(String prefix);

    static Ids random() {
        SecureRandom random = new SecureRandom();
        return prefix -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return prefix + "_" + HexFormat.of().formatHex(bytes);
        };
    }
}
