package com.safehold.domain.accounts;

import com.safehold.domain.settings.PasswordPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The password rules of the settings (SPEC 4.1): which of {@code min_length}, {@code uppercase},
 * {@code lowercase}, {@code digit}, {@code symbol} a password misses, in that order. Length counts Unicode
 * code points; letters and digits of any script count; a symbol is any code point that is neither a letter,
 * a digit nor white space. Reuse ({@code history}) is checked by the caller against the stored hashes.
 */
public final class PasswordRules {

    /** Cognito's own maximum password length. */
    public static final int MAX_LENGTH = 256;

    private PasswordRules() {}

    public static List<String> violations(PasswordPolicy policy, String password) {
        List<String> unmet = new ArrayList<>();
        String value = password == null ? "" : password;
        if (value.codePointCount(0, value.length()) < policy.minLength()) {
            unmet.add("min_length");
        }
        if (policy.requireUppercase() && value.codePoints().noneMatch(Character::isUpperCase)) {
            unmet.add("uppercase");
        }
        if (policy.requireLowercase() && value.codePoints().noneMatch(Character::isLowerCase)) {
            unmet.add("lowercase");
        }
        if (policy.requireDigits() && value.codePoints().noneMatch(Character::isDigit)) {
            unmet.add("digit");
        }
        if (policy.requireSymbols() && value.codePoints().noneMatch(PasswordRules::isSymbol)) {
            unmet.add("symbol");
        }
        return unmet;
    }

    public static boolean tooLong(String password) {
        return password != null && password.codePointCount(0, password.length()) > MAX_LENGTH;
    }

    private static boolean isSymbol(int codePoint) {
        return !Character.isLetterOrDigit(codePoint) && !Character.isWhitespace(codePoint);
    }
}
