package com.safehold.domain.accounts;

import com.safehold.domain.common.Hashes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Single-use recovery codes (SPEC 4.1), accepted once in place of a TOTP code: {@value #COUNT} codes like
 * {@code K7QF-M2XD-9HRT-WP4C}, 16 characters from a 31-letter alphabet without look-alikes (0/O, 1/I/L), so
 * 79 random bits each. Stored only as a SHA-256 of the normalised code: with 79 bits of entropy a fast hash
 * cannot be brute-forced, so no salt or slow hash is needed.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    private static final int LENGTH = 16;
    /** 31 symbols: A-Z without I, L, O, and 2-9 (no 0 or 1); 16 of them carry 79 bits. */
    private static final String SYMBOLS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private RecoveryCodes() {}

    public static List<String> generate(SecureRandom random) {
        Set<String> codes = new LinkedHashSet<>();
        while (codes.size() < COUNT) {
            StringBuilder code = new StringBuilder();
            for (int i = 0; i < LENGTH; i++) {
                if (i > 0 && i % 4 == 0) {
                    code.append('-');
                }
                code.append(SYMBOLS.charAt(random.nextInt(SYMBOLS.length())));
            }
            codes.add(code.toString());
        }
        return new ArrayList<>(codes);
    }

    public static String hash(String code) {
        return Hashes.sha256Hex(normalise(code));
    }

    /** Whether the input has a recovery code's shape (rather than a 6-digit TOTP code). */
    public static boolean looksLikeRecoveryCode(String input) {
        if (input == null) {
            return false;
        }
        String normalised = normalise(input);
        return normalised.length() == LENGTH && normalised.chars().allMatch(c -> SYMBOLS.indexOf(c) >= 0);
    }

    private static String normalise(String code) {
        return code.toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
    }
}
