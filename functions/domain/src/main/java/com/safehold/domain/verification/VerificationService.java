package com.safehold.domain.verification;

import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.Violations;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.users.ProfileDirectory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Phone verification of new customers (SPEC 4.8): the operator's policy, starting a verification (a call
 * that reads a code), confirming the code, and what the customer may pay with meanwhile
 * ({@link PaymentRules}, which is also the booking's gate).
 *
 * <p>Against toll fraud and harassment: only fixed and mobile lines in allowed countries are called (never
 * premium-rate, shared-cost or unknown types), at most {@code maxCallsPerNumberPerDay} calls per number per
 * day, {@link #CALLS_PER_CUSTOMER_PER_DAY} per customer per day, and one per number per
 * {@link #BURST_WINDOW}. The code and the number are stored only as keyed hashes (the number also
 * encrypted, for the call), and codes are compared in constant time.
 */
public final class VerificationService {

    public static final int CALLS_PER_CUSTOMER_PER_DAY = 5;
    public static final Duration BURST_WINDOW = Duration.ofMinutes(1);
    /** How long a verification is kept after it expired (support, disputes about a call); then TTL. */
    static final Duration KEEP = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PolicyStore policies;
    private final VerificationStore store;
    private final PaymentRules payments;
    private final PhoneLookup phones;
    private final BlindIndex keyedHash;
    private final CallQueue calls;
    private final Ids ids;
    private final Clock clock;

    public VerificationService(PolicyStore policies, VerificationStore store, ProfileDirectory profiles,
            PhoneLookup phones, BlindIndex keyedHash, CallQueue calls, Ids ids, Clock clock) {
        this.policies = Objects.requireNonNull(policies);
        this.store = Objects.requireNonNull(store);
        this.payments = new PaymentRules(policies::current, profiles);
        this.phones = Objects.requireNonNull(phones);
        this.keyedHash = Objects.requireNonNull(keyedHash);
        this.calls = Objects.requireNonNull(calls);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What {@code POST /v1/verifications} answers: not required, or the verification now calling. */
    public record Started(boolean required, Verification verification) {}

    public VerificationPolicy policy(Caller caller) {
        caller.require(Role.ADMIN);
        return policies.current();
    }

    public VerificationPolicy setPolicy(Caller caller, VerificationPolicy policy) {
        caller.require(Role.ADMIN);
        policy.validate();
        policies.save(policy);
        return policy;
    }

    public Started start(Caller caller, String rawPhone, String paymentMethod, long basketCents) {
        caller.require(Role.CUSTOMER);
        Violations v = new Violations();
        if (!VerificationPolicy.PAYMENT_METHODS.contains(paymentMethod)) {
            v.add("paymentMethod", "invalid_payment_method", "paymentMethod must be one of "
                    + VerificationPolicy.PAYMENT_METHODS);
        }
        if (basketCents < 0) {
            v.add("basketCents", "out_of_range", "basketCents must be 0 or more");
        }
        v.throwIfAny();
        VerificationPolicy policy = policies.current();
        if (!policy.applies(paymentMethod, basketCents)) {
            return new Started(false, null);
        }
        PhoneLookup.Phone phone = phones.parse(rawPhone).orElseThrow(() -> notAllowed("invalid", policy));
        if (!policy.allowsCountry(phone.region())) {
            throw notAllowed("country", policy);
        }
        boolean lineAllowed = switch (phone.type()) {
            case FIXED_LINE -> policy.allowLandline();
            case MOBILE -> policy.allowMobile();
            // libphonenumber cannot tell (e.g. US and Canadian numbers): only a policy allowing both can be honoured
            case FIXED_LINE_OR_MOBILE -> policy.allowLandline() && policy.allowMobile();
            case NOT_CALLABLE -> false;
        };
        if (!lineAllowed) {
            throw notAllowed("line_type", policy);
        }

        Instant now = clock.now();
        String phoneKey = keyedHash.of("phone", phone.e164());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant tomorrow = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long burst = now.getEpochSecond() / BURST_WINDOW.toSeconds();
        Optional<VerificationStore.CallLimit> reached = store.countCall(List.of(
                new VerificationStore.CallLimit("b#" + phoneKey + "#" + burst, 1,
                        Instant.ofEpochSecond((burst + 1) * BURST_WINDOW.toSeconds())),
                new VerificationStore.CallLimit("n#" + phoneKey + "#" + today, policy.maxCallsPerNumberPerDay(), tomorrow),
                new VerificationStore.CallLimit("c#" + caller.userId().value() + "#" + today, CALLS_PER_CUSTOMER_PER_DAY,
                        tomorrow)));
        if (reached.isPresent()) {
            long wait = Math.max(1, Duration.between(now, reached.get().until()).toSeconds());
            throw new DomainException(DomainException.Kind.TOO_MANY_REQUESTS, "too_many_calls",
                    "this number or account has had as many calls as allowed for now",
                    Map.of("retryAfterSeconds", wait));
        }

        String verificationId = ids.next("ver");
        String code = code(policy.codeLength());
        String language = CallScript.languageFor(phone.region());
        Verification created = new Verification(verificationId, caller.userId(), phone.e164(), phoneKey,
                codeHash(verificationId, code), Verification.Status.CALLING, 0, policy.maxAttempts(), now,
                now.plusSeconds(policy.codeTtlSeconds()), language, null);
        store.create(created, created.expiresAt().plus(KEEP));
        calls.send(new CallQueue.CallRequest(verificationId, caller.userId(), phone.e164(), code, language));
        return new Started(true, created);
    }

    public Verification confirm(Caller caller, String verificationId, String code) {
        Verification current = store.find(verificationId).filter(found -> found.customerId().equals(caller.userId()))
                .orElseThrow(() -> DomainException.notFound("verification"));
        if (current.status() == Verification.Status.VERIFIED) {
            return verifiedAgain(current);
        }
        if (current.status() == Verification.Status.FAILED) {
            throw callFailed();
        }
        if (!clock.now().isBefore(current.expiresAt())) {
            throw new DomainException(DomainException.Kind.GONE, "verification_expired",
                    "the code has expired; start a new verification");
        }
        if (code == null || !code.matches("\\d{1,8}")) {
            Violations v = new Violations();
            v.add("code", "invalid_code", "code must be the digits the call read out");
            v.throwIfAny();
        }
        Optional<Verification> counted = store.countAttempt(verificationId);
        if (counted.isEmpty()) {
            return settled(verificationId);
        }
        if (MessageDigest.isEqual(codeHash(verificationId, code).getBytes(StandardCharsets.US_ASCII),
                current.codeHash().getBytes(StandardCharsets.US_ASCII))) {
            return switch (store.markVerified(verificationId, caller.userId())) {
                case VERIFIED -> store.find(verificationId).orElseThrow();
                case NOT_CALLING -> settled(verificationId); // verified by a parallel request, or the call failed
                case NO_CUSTOMER -> throw DomainException.notFound("verification"); // the account is gone
            };
        }
        int left = counted.get().attemptsLeft();
        if (left == 0) {
            throw tooManyAttempts();
        }
        throw new DomainException(DomainException.Kind.UNPROCESSABLE, "wrong_code", "the code is not the one we read out",
                Map.of("attemptsLeft", left));
    }

    public PaymentRules.PaymentOptions paymentOptions(Caller caller, long basketCents) {
        caller.require(Role.CUSTOMER);
        if (basketCents < 0) {
            Violations v = new Violations();
            v.add("basketCents", "out_of_range", "basketCents must be 0 or more");
            v.throwIfAny();
        }
        return payments.options(caller.userId(), basketCents);
    }

    /** A verification that is no longer counting attempts: verified meanwhile, failed, or out of attempts. */
    private Verification settled(String verificationId) {
        Verification now = store.find(verificationId).orElseThrow();
        return switch (now.status()) {
            case VERIFIED -> verifiedAgain(now);
            case FAILED -> throw callFailed();
            case CALLING -> throw tooManyAttempts();
        };
    }

    /**
     * Confirming a verified verification answers {@code VERIFIED} again and re-applies the trust flag
     * (idempotent): whatever happened to the first answer, the customer ends up with the flag.
     */
    private Verification verifiedAgain(Verification verified) {
        store.markPhoneVerified(verified.customerId());
        return verified;
    }

    private DomainException callFailed() {
        return new DomainException(DomainException.Kind.CONFLICT, "call_failed",
                "the call could not be placed to this number; pay with another method",
                Map.of("allowedPaymentMethods", policies.current().allowedUnverified()));
    }

    private String codeHash(String verificationId, String code) {
        return keyedHash.of("verification-code", verificationId + ":" + code);
    }

    private static String code(int length) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(RANDOM.nextInt(10));
        }
        return code.toString();
    }

    private static DomainException notAllowed(String reason, VerificationPolicy policy) {
        return new DomainException(DomainException.Kind.UNPROCESSABLE, "number_not_allowed",
                "we cannot verify this number (" + reason + "); pay with one of the allowed methods",
                Map.of("reason", reason, "allowedPaymentMethods", policy.allowedUnverified()));
    }

    private static DomainException tooManyAttempts() {
        return new DomainException(DomainException.Kind.LOCKED, "too_many_attempts",
                "too many wrong codes; start a new verification");
    }
}
