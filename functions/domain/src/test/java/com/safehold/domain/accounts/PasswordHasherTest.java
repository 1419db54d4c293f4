package com.safehold.domain.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void aHashMatchesItsPasswordOnly_withAFreshSaltEachTime_atTheOwaspIterationCount() {
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash("Correct-Horse-9!");
        assertThat(hash).startsWith("pbkdf2-sha256$600000$").doesNotContain("Correct-Horse-9!");
        assertThat(hasher.matches("Correct-Horse-9!", hash)).isTrue();
        assertThat(hasher.matches("Correct-Horse-9?", hash)).isFalse();
        assertThat(hasher.hash("Correct-Horse-9!")).isNotEqualTo(hash);
    }

    @Test
    void theIterationsAreReadFromTheHash_soOldHashesStillMatchAfterRaisingThem() {
        String old = new PasswordHasher(1_000).hash("Old-Password-1!");
        assertThat(new PasswordHasher().matches("Old-Password-1!", old)).isTrue();
    }

    @Test
    void malformedHashes_neverMatch_andNeverThrow() {
        PasswordHasher hasher = new PasswordHasher(1_000);
        for (String bad : new String[] {null, "", "pbkdf2-sha256$x$AA$AA", "bcrypt$10$AA$AA", "pbkdf2-sha256$0$AA$AA",
                "pbkdf2-sha256$1000$!!$AA", "pbkdf2-sha256$1000$$", "a$b$c"}) {
            assertThat(hasher.matches("anything", bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
