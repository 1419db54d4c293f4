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
 * What a customer may pay with (SPEC 4.8): from the policy's minimum basket on, a customer without a verified
 * phone may pay only with the restricted methods ({@link VerificationPolicy#allowedUnverified()}); a verified
 * phone unlocks the rest. Below the minimum every method is open. Answers
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

    /**
     * @param basketCents what the booking will hold: the offer's {@code totalCents} (price plus booking fee),
     *                    the amount the booking's gate checks
     */
    public PaymentOptions options(UserId customer, long basketCents) {
        VerificationPolicy current = policy.get();
        if (!current.appliesAt(basketCents) || verified(customer)) {
            return new PaymentOptions(VerificationPolicy.PAYMENT_METHODS, List.of());
        }
        return new PaymentOptions(current.allowedUnverified(), current.needingVerification());
    }

    /** 403 {@code verification_required} with {@code allowedPaymentMethods} when the method needs a verified phone. */
    @Override
    public void check(UserId customer, String paymentMethod, long basketCents) {
        String method = paymentMethod != null && paymentMethod.startsWith("pm_") ? "card" : paymentMethod;
        VerificationPolicy current = policy.get();
        if (!current.applies(method, basketCents) || verified(customer)) {
            return;
        }
        throw new DomainException(DomainException.Kind.FORBIDDEN, "verification_required",
                "this payment method needs a verified phone number (POST /v1/verifications)",
                Map.of("allowedPaymentMethods", current.allowedUnverified()));
    }

    private boolean verified(UserId customer) {
        return profiles.find(customer).map(p -> p.trust().phoneVerified()).orElse(false);
    }
}
