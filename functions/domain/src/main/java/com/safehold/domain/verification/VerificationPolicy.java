package com.safehold.domain.verification;

import com.safehold.domain.common.Violations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When new customers must verify their phone by an automated call, and how (SPEC 4.8). Set by the operator
 * with {@code PUT /v1/admin/verification-policy}.
 */
public record VerificationPolicy(
        List<String> requiredForPaymentMethods,
        long minBasketCents,
        boolean allowLandline,
        boolean allowMobile,
        List<String> allowedCountries,
        int codeLength,
        int codeTtlSeconds,
        int maxAttempts,
        int maxCallsPerNumberPerDay,
        List<String> restrictedPaymentMethods) {

    /** The payment methods Safehold knows; a card is a {@code pm_…} token at booking time. */
    public static final List<String> PAYMENT_METHODS = List.of("invoice", "direct_debit", "prepayment", "card");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** SPEC 4.8's example: invoice and direct debit from 100.00 need a verified phone in DE, AT or CH. */
    public static final VerificationPolicy DEFAULT = new VerificationPolicy(List.of("invoice", "direct_debit"), 10_000,
            true, true, List.of("DE", "AT", "CH"), 4, 600, 5, 3, List.of("prepayment", "card"));

    public VerificationPolicy {
        requiredForPaymentMethods = requiredForPaymentMethods == null ? null : List.copyOf(requiredForPaymentMethods);
        allowedCountries = allowedCountries == null ? null : List.copyOf(allowedCountries);
        restrictedPaymentMethods = restrictedPaymentMethods == null ? null : List.copyOf(restrictedPaymentMethods);
    }

    /**
     * Whether the policy restricts customers without a verified phone at this basket: from
     * {@code minBasketCents} on, as long as it names any method that needs verification (an empty
     * {@code requiredForPaymentMethods} switches verification off). Below it every method is open to everyone.
     *
     * @param basketCents what the booking will hold: the offer's {@code totalCents} (price plus booking fee)
     */
    public boolean appliesAt(long basketCents) {
        return !requiredForPaymentMethods.isEmpty() && basketCents >= minBasketCents;
    }

    /**
     * Whether paying {@code basketCents} with {@code method} needs a verified phone: the policy applies at that
     * basket and the method is not one of the {@link #allowedUnverified() restricted methods}. A method in
     * neither list is not a fallback the operator offered, so it needs verification too (decision 0013).
     */
    public boolean applies(String method, long basketCents) {
        return appliesAt(basketCents) && !restrictedPaymentMethods.contains(method);
    }

    /**
     * What a customer without a verified phone (never verified, number refused, or call failed) may pay with
     * where the policy applies: the restricted methods, in {@link #PAYMENT_METHODS} order. The one answer for
     * 422 {@code number_not_allowed}, 409 {@code call_failed}, 403 {@code verification_required} and
     * {@code GET /v1/me/payment-methods}.
     */
    public List<String> allowedUnverified() {
        return PAYMENT_METHODS.stream().filter(restrictedPaymentMethods::contains).toList();
    }

    /** The methods a verified phone unlocks where the policy applies: every method not restricted. */
    public List<String> needingVerification() {
        return PAYMENT_METHODS.stream().filter(m -> !restrictedPaymentMethods.contains(m)).toList();
    }

    public boolean allowsCountry(String regionCode) {
        return allowedCountries.contains(regionCode);
    }

    /** Every rule checked, every violation reported at once. */
    public void validate() {
        Violations v = new Violations();
        methods(v, "requiredForPaymentMethods", requiredForPaymentMethods);
        methods(v, "restrictedPaymentMethods", restrictedPaymentMethods);
        if (requiredForPaymentMethods != null && restrictedPaymentMethods != null
                && restrictedPaymentMethods.stream().anyMatch(requiredForPaymentMethods::contains)) {
            v.add("restrictedPaymentMethods", "conflict",
                    "a method cannot both need verification and be offered to unverified customers");
        }
        if (minBasketCents < 0 || minBasketCents > 100_000_000L) {
            v.add("minBasketCents", "out_of_range", "minBasketCents must be 0..100000000");
        }
        if (!allowLandline && !allowMobile) {
            v.add("allowMobile", "out_of_range", "at least one of allowLandline and allowMobile must be true");
        }
        if (allowedCountries == null || allowedCountries.isEmpty() || allowedCountries.size() > 250
                || !allowedCountries.stream().allMatch(c -> c != null && COUNTRY.matcher(c).matches()
                        && c.equals(c.toUpperCase(Locale.ROOT)))) {
            v.add("allowedCountries", "out_of_range", "allowedCountries must list 1..250 ISO 3166 codes such as DE");
        }
        range(v, "codeLength", codeLength, 4, 8);
        range(v, "codeTtlSeconds", codeTtlSeconds, 60, 3600);
        range(v, "maxAttempts", maxAttempts, 1, 10);
        range(v, "maxCallsPerNumberPerDay", maxCallsPerNumberPerDay, 1, 10);
        v.throwIfAny();
    }

    private static void methods(Violations v, String field, List<String> methods) {
        if (methods == null || !PAYMENT_METHODS.containsAll(methods)
                || new LinkedHashSet<>(methods).size() != methods.size()) {
            v.add(field, "invalid_payment_method", field + " must list distinct methods from " + PAYMENT_METHODS);
        }
    }

    private static void range(Violations v, String field, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(field, "out_of_range", field + " must be " + min + ".." + max);
        }
    }
}
