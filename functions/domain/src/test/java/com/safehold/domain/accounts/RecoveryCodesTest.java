package com.safehold.domain.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenDistinctCodes_ofSixteenUnambiguousCharacters_inGroupsOfFour() {
        List<String> codes = RecoveryCodes.generate(new SecureRandom());
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes).allMatch(c -> c.matches("[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}"));
        assertThat(String.join("", codes)).doesNotContain("0", "1", "O", "I", "L");
    }

    @Test
    void theHashIgnoresCaseSpacesAndHyphens_butNotTheCharacters() {
        String code = "K7QF-M2XD-9HRT-WP4C";
        assertThat(RecoveryCodes.hash("k7qf m2xd 9hrt wp4c")).isEqualTo(RecoveryCodes.hash(code));
        assertThat(RecoveryCodes.hash("K7QFM2XD9HRTWP4C")).isEqualTo(RecoveryCodes.hash(code));
        assertThat(RecoveryCodes.hash("K7QF-M2XD-9HRT-WP4D")).isNotEqualTo(RecoveryCodes.hash(code));
        assertThat(RecoveryCodes.hash(code)).matches("[0-9a-f]{64}").doesNotContain("K7QF");
    }

    @Test
    void recoveryCodes_areToldApartFromTotpCodes() {
        assertThat(RecoveryCodes.looksLikeRecoveryCode("K7QF-M2XD-9HRT-WP4C")).isTrue();
        assertThat(RecoveryCodes.looksLikeRecoveryCode("k7qfm2xd9hrtwp4c")).isTrue();
        assertThat(RecoveryCodes.looksLikeRecoveryCode("123456")).isFalse();
        assertThat(RecoveryCodes.looksLikeRecoveryCode("K7QF-M2XD-9HRT-WP4")).isFalse();
        assertThat(RecoveryCodes.looksLikeRecoveryCode("K7QF-M2XD-9HRT-WP40")).isFalse(); // 0 is not in the alphabet
        assertThat(RecoveryCodes.looksLikeRecoveryCode(null)).isFalse();
    }
}
