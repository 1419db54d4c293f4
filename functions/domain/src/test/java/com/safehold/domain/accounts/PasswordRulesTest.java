package com.safehold.domain.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.settings.PasswordPolicy;
import org.junit.jupiter.api.Test;

class PasswordRulesTest {

    private static final PasswordPolicy ALL = new PasswordPolicy(12, true, true, true, true, 5);

    @Test
    void listsEveryUnmetRule_inTheSpecsOrder() {
        assertThat(PasswordRules.violations(ALL, "")).containsExactly("min_length", "uppercase", "lowercase",
                "digit", "symbol");
        assertThat(PasswordRules.violations(ALL, "abc")).containsExactly("min_length", "uppercase", "digit", "symbol");
        assertThat(PasswordRules.violations(ALL, "Correct-Horse-9!")).isEmpty();
        assertThat(PasswordRules.violations(ALL, "correct horse battery 9")).containsExactly("uppercase", "symbol");
    }

    @Test
    void onlyTheRulesTheSettingsDemand_apply() {
        PasswordPolicy lengthOnly = new PasswordPolicy(8, false, false, false, false, 0);
        assertThat(PasswordRules.violations(lengthOnly, "abcdefgh")).isEmpty();
        assertThat(PasswordRules.violations(lengthOnly, "abcdefg")).containsExactly("min_length");
    }

    @Test
    void lengthCountsCodePoints_andClassesWorkInEveryScript() {
        PasswordPolicy twelve = new PasswordPolicy(12, true, true, true, true, 0);
        String emoji = "Ää1!🙂🙂🙂🙂🙂🙂🙂🙂"; // 12 code points, 20 UTF-16 units
        assertThat(PasswordRules.violations(twelve, emoji)).isEmpty();
        assertThat(PasswordRules.violations(twelve, emoji.substring(0, emoji.length() - 2))).containsExactly("min_length");
        assertThat(PasswordRules.violations(twelve, "ΣίσυφοςΠέτρα٣!")).isEmpty(); // Greek letters, Arabic-Indic digit
        assertThat(PasswordRules.violations(twelve, "Abcdefghijk1 ")).containsExactly("symbol"); // a space is none
    }

    @Test
    void tooLong_isCognitosMaximum() {
        assertThat(PasswordRules.tooLong("a".repeat(256))).isFalse();
        assertThat(PasswordRules.tooLong("a".repeat(257))).isTrue();
        assertThat(PasswordRules.tooLong("🙂".repeat(256))).isFalse();
    }
}
