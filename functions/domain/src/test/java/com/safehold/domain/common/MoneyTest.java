package com.safehold.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void percent_roundsHalfUp_toWholeMinorUnits() {
        assertThat(Money.of(12000, EUR).percent(10).minorUnits()).isEqualTo(1200);
        assertThat(Money.of(1005, EUR).percent(10).minorUnits()).isEqualTo(101); // 100.5 -> 101
        assertThat(Money.of(1004, EUR).percent(10).minorUnits()).isEqualTo(100); // 100.4 -> 100
        assertThat(Money.of(1, EUR).percent(0).minorUnits()).isZero();
    }

    @Test
    void plus_refusesMixedCurrencies() {
        assertThatThrownBy(() -> Money.of(1, EUR).plus(Money.of(1, Currency.getInstance("CHF"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeAmounts_doNotExist() {
        assertThatThrownBy(() -> Money.of(-1, EUR)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plus_failsOnOverflow_insteadOfWrapping() {
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, EUR).plus(Money.of(1, EUR)))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void currencies_acceptRealIsoCodes_refuseFundsMetalsAndJunk() {
        assertThat(Currencies.parse("EUR")).contains(EUR);
        assertThat(Currencies.parse("JPY")).isPresent();
        assertThat(Currencies.parse("XAU")).isEmpty(); // gold: no minor units
        assertThat(Currencies.parse("XXX")).isEmpty();
        assertThat(Currencies.parse("eur")).isEmpty();
        assertThat(Currencies.parse("ABC")).isEmpty();
        assertThat(Currencies.parse(null)).isEmpty();
    }
}
