package com.safehold.domain.bookings;

import static com.safehold.domain.common.DomainException.Kind.CONFLICT;
import static com.safehold.domain.common.DomainException.Kind.FORBIDDEN;
import static com.safehold.domain.common.DomainException.Kind.LOCKED;
import static com.safehold.domain.common.DomainException.Kind.UNPROCESSABLE;

import com.safehold.domain.accounts.OneTimePasswords;
import com.safehold.domain.common.Geofence;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.Violations;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.OfferStore;
import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.settings.SettingsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Booking requests and everything a party does to a booking (SPEC 4.4). Every change is one conditional
 * write of the booking that also records, in its outbox, the escrow commands it causes; the commands are
 * then relayed to the escrow worker, and a timer sweep relays them again if this process dies first. Money
 * itself is only ever moved by the escrow worker.
 */
public final class BookingService {

    /** The provider must answer within this (SPEC 4.4). */
    public static final Duration PROVIDER_DEADLINE = Duration.ofHours(24);
    /** Check-in opens this long before the start and stays open until the slot ends. */
    public static final Duration CHECK_IN_OPENS = Duration.ofMinutes(30);
    public static final int MAX_CHECK_IN_FAILURES = 5;
    /** A command not confirmed by the worker within this is relayed again by the timer sweep. */
    public static final Duration RELAY_GRACE = Duration.ofSeconds(30);
    public static final Duration MAX_ADVANCE_BOOKING = Duration.ofDays(366);
    public static final Set<String> SETTLING_METHODS = Set.of("invoice", "direct_debit", "prepayment");
    private static final Pattern CARD_TOKEN = Pattern.compile("pm_[A-Za-z0-9_]{1,64}");

    private final BookingStore bookings;
    private final OfferStore offers;
    private final SettingsSource settings;
    private final OneTimePasswords codes;
    private final CommandRelay relay;
    private final Notifier notifier;
    private final Clock clock;
    private final PaymentGate paymentGate;

    /** Port: whether the customer may pay a basket with a method (the phone-verification policy, SPEC 4.8). */
    @FunctionalInterface
    public interface PaymentGate {
        /** @throws DomainException 403 {@code verification_required} when not */
        void check(com.safehold.domain.common.UserId customer, String paymentMethod, long basketCents);

        PaymentGate OPEN = (customer, method, basket) -> { };
    }

    /** Without a payment gate: every method is allowed (tests of the money flow). */
    public BookingService(BookingStore bookings, OfferStore offers, SettingsSource settings, OneTimePasswords codes,
            CommandRelay relay, Notifier notifier, Clock clock) {
        this(bookings, offers, settings, codes, relay, notifier, clock, PaymentGate.OPEN);
    }

    public BookingService(BookingStore bookings, OfferStore offers, SettingsSource settings, OneTimePasswords codes,
            CommandRelay relay, Notifier notifier, Clock clock, PaymentGate paymentGate) {
        this.paymentGate = paymentGate;
        this.bookings = bookings;
        this.offers = offers;
        this.settings = settings;
        this.codes = codes;
        this.relay = relay;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The check-in code shown to the customer and when it rotates. */
    public record CheckInCode(String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "CheckInCode[code redacted, expires " + expiresAt + "]";
        }
    }

    // ---- request ------------------------------------------------------------------------------------------

    /**
     * {@code POST /v1/bookings}. The booking id is derived from the customer and the {@code Idempotency-Key},
     * so a retry after a crash finds the booking the first attempt stored instead of making a second one.
     */
    public Booking request(Caller caller, BookingRequest request, String idempotencyKey) {
        caller.require(Role.CUSTOMER);
        validate(request);
        Instant now = clock.now();
        Offer offer = offers.find(request.offerId()).orElseThrow(() -> DomainException.notFound("offer"));
        if (!request.acceptTermsAndConditions()) {
            throw new DomainException(UNPROCESSABLE, "terms_not_accepted",
                    "acceptTermsAndConditions must be true: the provider's terms are part of the booking");
        }
        if (!offer.termsVersion().equals(request.acceptedTermsVersion())) {
            throw new DomainException(UNPROCESSABLE, "terms_version_stale",
                    "the offer's terms changed; read them again and accept the current version",
                    Map.of("currentTermsVersion", offer.termsVersion()));
        }
        if (!request.acceptCancellationPolicy()) {
            throw new DomainException(UNPROCESSABLE, "cancellation_policy_not_accepted",
                    "acceptCancellationPolicy must be true");
        }
        if (!request.startsAt().isAfter(now) || request.startsAt().isAfter(now.plus(MAX_ADVANCE_BOOKING))) {
            throw new DomainException(UNPROCESSABLE, "invalid_start",
                    "startsAt must be in the future and at most " + MAX_ADVANCE_BOOKING.toDays() + " days ahead");
        }
        PlatformSettings current = settings.current();
        String bookingId = "bkg_" + Hashes.sha256Hex(caller.userId().value() + "\n" + idempotencyKey).substring(0, 32);
        Amounts amounts = Amounts.of(offer.price(), current.bookingFeePercent());
        paymentGate.check(caller.userId(), request.paymentMethod(), amounts.total().minorUnits());
        ConsentReceipt consent = new ConsentReceipt(caller.userId(), now, offer.termsVersion(),
                offer.termsDocument().sha256(), true, true);
        EscrowCommand hold = EscrowCommand.of(bookingId, "hold", MovementKind.HOLD, amounts.total().minorUnits());
        Booking booking = new Booking(bookingId, offer.offerId(), caller.userId(), offer.providerId(),
                request.startsAt(), request.startsAt().plus(Duration.ofMinutes(offer.durationMinutes())),
                BookingStatus.REQUESTED, amounts, request.paymentMethod(), consent, offer.cancellationPolicy(),
                offer.venue(), offer.terms(), codes.newSecret(), 0, List.of(new TimelineEvent(BookingStatus.REQUESTED, now, null)),
                EscrowBalance.NONE, List.of(hold), now.plus(RELAY_GRACE), 0);
        try {
            if (!bookings.create(booking)) {
                return sameRequestAgain(bookings.find(bookingId), request);
            }
        } catch (BookingStore.SlotTakenException taken) {
            throw new DomainException(CONFLICT, "slot_unavailable", "the provider is booked at that time");
        } catch (BookingStore.PartyErasedException erased) {
            throw DomainException.notFound("offer"); // an erased provider's offers are gone
        }
        relaySafely(booking.outbox());
        notifier.tellParties(booking, null);
        return booking;
    }

    /**
     * The key already made a booking: a retry of that request gets it back. The idempotency record normally
     * answers a retry first; this decides once the record has expired (24 h), when the same key with another
     * request must still not return someone's old booking as if it were the new one.
     */
    private static Booking sameRequestAgain(Optional<Booking> found, BookingRequest request) {
        // absent: the booking this key made was purged long ago (its item stays as the accounting record)
        boolean same = found.filter(stored -> stored.offerId().equals(request.offerId())
                && stored.startsAt().equals(request.startsAt())
                && request.paymentMethod().equals(stored.paymentMethod())
                && stored.consent() != null
                && stored.consent().termsVersion().equals(request.acceptedTermsVersion())).isPresent();
        if (!same) {
            throw new DomainException(UNPROCESSABLE, "idempotency_key_reused",
                    "this Idempotency-Key already made another booking; use a new key for a new request");
        }
        return found.get();
    }

    private static void validate(BookingRequest request) {
        Violations v = new Violations();
        String method = request.paymentMethod();
        if (method == null || !(CARD_TOKEN.matcher(method).matches() || SETTLING_METHODS.contains(method))) {
            v.add("paymentMethod", "invalid_payment_method",
                    "paymentMethod must be a card token (pm_...) or one of invoice, direct_debit, prepayment");
        }
        if (request.offerId() == null || request.offerId().isBlank() || request.offerId().length() > 64) {
            v.add("offerId", "invalid_id", "offerId must be an offer id");
        }
        v.throwIfAny();
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** A booking its parties and admins may see; anyone else gets 404. */
    public Booking visible(Caller caller, String bookingId) {
        Booking booking = bookings.find(bookingId).orElseThrow(() -> DomainException.notFound("booking"));
        if (!booking.isParty(caller.userId()) && !caller.has(Role.ADMIN)) {
            throw DomainException.notFound("booking");
        }
        return booking;
    }

    // ---- the provider answers -----------------------------------------------------------------------------

    public Booking accept(Caller caller, String bookingId) {
        Booking booking = asProvider(caller, bookingId);
        requireStatus(booking, BookingStatus.PENDING_PROVIDER);
        long fee = booking.amounts().bookingFee().minorUnits();
        List<EscrowCommand> commands = fee > 0
                ? List.of(EscrowCommand.of(bookingId, "accept", MovementKind.RELEASE_BOOKING_FEE, fee)) : List.of();
        return change(booking, BookingStatus.ACCEPTED, null, commands);
    }

    public Booking decline(Caller caller, String bookingId) {
        Booking booking = asProvider(caller, bookingId);
        requireStatus(booking, BookingStatus.PENDING_PROVIDER);
        return change(booking, BookingStatus.DECLINED, null, List.of(EscrowCommand.of(bookingId, "decline",
                MovementKind.REFUND, booking.amounts().total().minorUnits())));
    }

    // ---- check-in -----------------------------------------------------------------------------------------

    /** {@code GET .../check-in-code}: the customer's rotating code, inside the check-in window only. */
    public CheckInCode checkInCode(Caller caller, String bookingId) {
        Booking booking = visible(caller, bookingId);
        if (!booking.customerId().equals(caller.userId())) {
            throw DomainException.notFound("booking");
        }
        requireStatus(booking, BookingStatus.ACCEPTED);
        Instant now = clock.now();
        requireCheckInWindow(booking, now);
        long step = codes.step().toSeconds();
        Instant rotates = Instant.ofEpochSecond((now.getEpochSecond() / step + 1) * step);
        return new CheckInCode(codes.codeAt(booking.checkInSecret(), now), rotates);
    }

    /**
     * {@code POST .../check-in} by the provider at the meeting: the customer's current code and, when the offer
     * has a venue, a position inside it. Completes the booking and releases the service fee.
     */
    public Booking checkIn(Caller caller, String bookingId, String code, Double lat, Double lon, Double accuracy) {
        Booking booking = asProvider(caller, bookingId);
        requireStatus(booking, BookingStatus.ACCEPTED);
        Instant now = clock.now();
        requireCheckInWindow(booking, now);
        requireCheckInOpen(booking);
        if (booking.venue() != null && (lat == null || lon == null
                || !Geofence.inside(booking.venue().lat(), booking.venue().lon(), booking.venue().radiusMeters(), lat, lon,
                        accuracy == null ? 0 : accuracy))) {
            throw new DomainException(FORBIDDEN, "outside_venue",
                    "the check-in must happen at the agreed venue; the position (with its accuracy) is not inside it");
        }
        int attempt = countCheckInAttempt(booking);
        OptionalLong step = codes.matchingStep(booking.checkInSecret(), code, now);
        if (step.isEmpty()) {
            throw new DomainException(UNPROCESSABLE, "invalid_code", "the check-in code is wrong",
                    Map.of("attemptsLeft", MAX_CHECK_IN_FAILURES - attempt));
        }
        // the counted attempt succeeded: the completion is written at the version the count left behind
        Booking counted = bookings.find(bookingId).orElseThrow(() -> DomainException.notFound("booking"));
        requireStatus(counted, BookingStatus.ACCEPTED);
        return change(counted.withCheckInFailures(counted.checkInFailures() - 1), BookingStatus.COMPLETED, "checked_in",
                List.of(EscrowCommand.of(bookingId, "check-in", MovementKind.RELEASE_SERVICE_FEE,
                        booking.amounts().price().minorUnits())));
    }

    private static void requireCheckInOpen(Booking booking) {
        if (booking.checkInFailures() >= MAX_CHECK_IN_FAILURES) {
            throw new DomainException(LOCKED, "check_in_locked",
                    "too many wrong codes; the check-in is locked, file a dispute if the meeting happened");
        }
    }

    /**
     * Stores one more attempt before the code is compared, so guesses sent in parallel are each counted and
     * the lock holds (comparing first and counting after let a burst of guesses cost one attempt). A lost race
     * re-reads and counts again; it never compares a code it did not count. Returns the attempt's number.
     */
    private int countCheckInAttempt(Booking booking) {
        Booking current = booking;
        for (int tries = 0; tries < 2 * MAX_CHECK_IN_FAILURES; tries++) {
            requireStatus(current, BookingStatus.ACCEPTED);
            requireCheckInOpen(current);
            int attempt = current.checkInFailures() + 1;
            try {
                bookings.update(current.withCheckInFailures(attempt));
                return attempt;
            } catch (ConcurrentModificationException raced) {
                current = bookings.find(booking.bookingId()).orElseThrow(() -> DomainException.notFound("booking"));
            }
        }
        throw new DomainException(CONFLICT, "concurrent_update", "the booking changed at the same time; retry");
    }

    private static void requireCheckInWindow(Booking booking, Instant now) {
        if (now.isBefore(booking.startsAt().minus(CHECK_IN_OPENS)) || now.isAfter(booking.endsAt())) {
            throw new DomainException(CONFLICT, "check_in_window_closed",
                    "check-in is open from " + CHECK_IN_OPENS.toMinutes() + " minutes before the start until the end",
                    Map.of("opensAt", booking.startsAt().minus(CHECK_IN_OPENS).toString(),
                            "closesAt", booking.endsAt().toString()));
        }
    }

    // ---- cancellation -------------------------------------------------------------------------------------

    public Booking cancel(Caller caller, String bookingId, boolean acknowledgeLateFee) {
        Booking booking = visible(caller, bookingId);
        if (!booking.isParty(caller.userId())) {
            throw DomainException.notFound("booking");
        }
        if (!booking.status().canBecome(BookingStatus.CANCELLED) || booking.status() == BookingStatus.DISPUTED) {
            throw invalidState(booking);
        }
        boolean byProvider = booking.providerId().equals(caller.userId());
        List<EscrowCommand> commands = CancellationRules.commands(booking, byProvider, acknowledgeLateFee, clock.now());
        return change(booking, BookingStatus.CANCELLED, byProvider ? "cancelled_by_provider" : "cancelled_by_customer",
                commands);
    }

    // ---- timers -------------------------------------------------------------------------------------------

    /**
     * The timer sweep for one due booking: relays commands the worker has not confirmed, expires a request the
     * provider left unanswered for 24 hours, and refunds an escrow nobody claimed within
     * {@code unclaimedEscrowHours} after the slot. Returns what it did, for the job's report.
     */
    public String fireTimers(Booking booking) {
        Instant now = clock.now();
        PlatformSettings current = settings.current();
        if (booking.status() == BookingStatus.PENDING_PROVIDER
                && !now.isBefore(pendingSince(booking).plus(PROVIDER_DEADLINE))) {
            change(booking, BookingStatus.EXPIRED, "provider_did_not_answer", List.of(EscrowCommand.of(
                    booking.bookingId(), "expire", MovementKind.REFUND, booking.amounts().total().minorUnits())));
            return "expired";
        }
        if (booking.status() == BookingStatus.ACCEPTED
                && !now.isBefore(booking.endsAt().plus(Duration.ofHours(current.unclaimedEscrowHours())))) {
            change(booking, BookingStatus.CANCELLED, "unclaimed_escrow", List.of(EscrowCommand.of(
                    booking.bookingId(), "unclaimed", MovementKind.REFUND, booking.amounts().price().minorUnits())));
            return "unclaimed_refunded";
        }
        if (!booking.outbox().isEmpty()) {
            relay.send(booking.outbox());
            write(booking.withDueAt(nextDue(booking, now)));
            return "relayed";
        }
        write(booking.withDueAt(nextDue(booking, now)));
        return "rescheduled";
    }

    /** When a booking next needs the timer sweep, or null when never again. */
    public Instant nextDue(Booking booking, Instant now) {
        if (!booking.outbox().isEmpty()) {
            return now.plus(RELAY_GRACE);
        }
        return switch (booking.status()) {
            case PENDING_PROVIDER -> pendingSince(booking).plus(PROVIDER_DEADLINE);
            case ACCEPTED -> booking.endsAt().plus(Duration.ofHours(settings.current().unclaimedEscrowHours()));
            default -> null;
        };
    }

    private static Instant pendingSince(Booking booking) {
        return booking.timeline().stream().filter(e -> e.status() == BookingStatus.PENDING_PROVIDER)
                .map(TimelineEvent::at).reduce((a, b) -> b).orElse(booking.timeline().getFirst().at());
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private Booking asProvider(Caller caller, String bookingId) {
        Booking booking = visible(caller, bookingId);
        if (!booking.providerId().equals(caller.userId())) {
            throw DomainException.notFound("booking"); // the customer may see it, but only the provider acts here
        }
        return booking;
    }

    private static void requireStatus(Booking booking, BookingStatus required) {
        if (booking.status() != required) {
            throw invalidState(booking);
        }
    }

    static DomainException invalidState(Booking booking) {
        return new DomainException(CONFLICT, "invalid_state",
                "not possible while the booking is " + booking.status(), Map.of("status", booking.status().name()));
    }

    /** Moves the booking, stores it with its commands, relays them and tells both parties. */
    private Booking change(Booking booking, BookingStatus next, String reason, List<EscrowCommand> commands) {
        Instant now = clock.now();
        if (!booking.status().canBecome(next)) {
            throw invalidState(booking);
        }
        Booking moved = booking.moveTo(next, now, reason, commands, null);
        moved = moved.withDueAt(nextDue(moved, now));
        write(moved);
        relaySafely(moved.outbox());
        notifier.tellParties(moved, reason);
        return moved;
    }

    private void write(Booking booking) {
        try {
            bookings.update(booking);
        } catch (ConcurrentModificationException raced) {
            throw new DomainException(CONFLICT, "concurrent_update",
                    "the booking changed at the same time; read it again and retry");
        }
    }

    /**
     * Sends the commands now, as a fast path. They are already stored in the booking's outbox, so a failure
     * here costs only time: the timer sweep relays them after {@link #RELAY_GRACE}. The change itself has
     * happened and must not be reported as failed.
     */
    private void relaySafely(List<EscrowCommand> commands) {
        try {
            relay.send(commands);
        } catch (RuntimeException later) {
            // the outbox keeps them; the sweep relays them
        }
    }
}
