package com.safehold.domain.common;

import java.util.Currency;
import java.util.Optional;

/**
 * Which ISO-4217 codes Safehold accepts: real currencies with a defined number of minor units. Funds,
 * precious metals and test codes (XAU, XDR, XTS, XXX ...) have none and are refused.
 */
public final class Currencies {

    private Currencies() {}

    public static Optional<Currency> parse(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return Optional.empty();
        }
        try {
            Currency currency = Currency.getInstance(code);
            return currency.getDefaultFractionDigits() >= 0 ? Optional.of(currency) : Optional.empty();
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
