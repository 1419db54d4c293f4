package com.safehold.domain.loyalty;

import com.safehold.domain.common.Hashes;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time codes to print on receipts (SPEC 4.9): 15 characters of Crockford base32 (75 random bits) in
 * three groups, {@code 7K3QD-M9XTA-2HC8P}. Short enough to type; 2^75 possibilities make guessing hopeless,
 * the more so as every wrong guess counts as a refused scan. Typing is forgiving: case, spaces and dashes
 * do not matter, {@code I}/{@code L} read as 1 and {@code O} as 0. Only the SHA-256 of the normalised code is
 * stored.
 */
public final class ReceiptCodes {

    public static final int LENGTH = 15;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReceiptCodes() {}

    /** A fresh code, grouped for printing. */
    public static String generate() {
        StringBuilder code = new StringBuilder(LENGTH + 2);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The canonical form of what a customer typed, or empty if it cannot be a receipt code. */
    public static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > 40) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char mapped = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) {
                return Optional.empty();
            }
            code.append(mapped);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    /** What is stored and looked up: never the code itself. */
    public static String hash(String normalised) {
        return Hashes.sha256Hex("receipt-code:" + normalised);
    }
}
