package com.safehold.domain.verification;

import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.UserId;
import com.safehold.domain.users.ProfileDirectory;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a customer may pay with (SPEC 4.8): a method the policy reserves for verified phones, for a basket
 * of at least its minimum, only once the customer's phone is verified. Answers
 * {@code GET /v1/me/payment-methods} and is the booking's {@link BookingService.PaymentGate}.
 */
public final class PaymentRules implements BookingService.PaymentGate {

    private final Supplier<VerificationPolicy> policy;
    private final ProfileDirectory profiles;

    /** @param policy the current policy; the booking function passes a short-lived cache of it */
    public PaymentRules(Supplier<VerificationPolicy> policy, ProfileDirectory profiles) {
        this.policy = Objects.requireNonNull(policy);
        this.profiles = Objects.requireNonNull(profiles);
    }

    /** The methods allowed now, and those that need a verified phone first. */
    public record PaymentOptions(List<String> allowed, List<String> verificationRequiredFor) {}

    public PaymentOptions options(UserId customer, long basketCents) {
        VerificationPolicy current = policy.get();
        List<String> needing = verified(customer) ? List.of() : VerificationPolicy.PAYMENT_METHODS.stream()
                .filter(m -> current.applies(m, basketCents)).toList();
        return new PaymentOptions(VerificationPolicy.PAYMENT_METHODS.stream().filter(m -> !needing.contains(m)).toList(),
                needing);
    }

    /** 403 {@code verification_required} with {@code allowedPaymentMethods} when the method needs a verified phone. */
    @Override
    public void check(UserId customer, String paymentMethod, long basketCents) {
        String method = paymentMethod != null && paymentMethod.startsWith("pm_") ? "card" : paymentMethod;
        if (!policy.get().applies(method, basketCents)) {
            return;
        }
        PaymentOptions options = options(customer, basketCents);
        if (options.verificationRequiredFor().contains(method)) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "verification_required",
                    "this payment method needs a verified phone number (POST /v1/verifications)",
                    Map.of("allowedPaymentMethods", options.allowed()));
        }
    }

    private boolean verified(UserId customer) {
        return profiles.find(customer).map(p -> p.trust().phoneVerified()).orElse(false);
    }
}
