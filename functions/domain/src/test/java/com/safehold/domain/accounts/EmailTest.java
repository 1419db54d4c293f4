package com.safehold.domain.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailTest {

    @Test
    void addressesAreNormalised_soCaseAndSpacesMakeOneAccount() {
        assertThat(Email.parse("  Ann.Example@Example.COM ")).map(Email::value).contains("ann.example@example.com");
        assertThat(Email.parse("ann@example.com")).isEqualTo(Email.parse("ANN@example.com"));
    }

    @Test
    void nonAddresses_areRefused() {
        for (String bad : new String[] {null, "", "ann", "ann@", "@example.com", "ann@example", "a b@example.com",
                "ann@@example.com", "x".repeat(250) + "@example.com"}) {
            assertThat(Email.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void toString_neverShowsTheAddress() {
        assertThat(Email.parse("ann@example.com").orElseThrow().toString()).doesNotContain("ann").doesNotContain("@");
    }
}
