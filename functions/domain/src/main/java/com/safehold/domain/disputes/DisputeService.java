package com.safehold.domain.disputes;

import static com.safehold.domain.common.DomainException.Kind.CONFLICT;
import static com.safehold.domain.common.DomainException.Kind.FORBIDDEN;
import static com.safehold.domain.common.DomainException.Kind.UNPROCESSABLE;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.common.Violations;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.offers.Term;
import com.safehold.domain.settings.SettingsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;

/**
 * Messages, change requests and disputes (SPEC 4.5, 4.6). A dispute freezes the booking's escrow (the booking
 * is {@code DISPUTED}: no check-in, no cancellation, no unclaimed-escrow refund) until it is resolved, by the
 * respondent's concession, by silence until {@code respondBy}, or by an admin. Every resolution is one
 * transaction of the dispute and the booking with its escrow commands; the escrow worker moves the money.
 * docs/decisions/0010-disputes.md records the rules.
 */
public final class DisputeService {

    public static final int MAX_TEXT = 4000;
    public static final int MAX_EVIDENCE = 20;

    private final BookingStore bookings;
    private final SafetyStore store;
    private final SettingsSource settings;
    private final CommandRelay relay;
    private final Notifier notifier;
    private final Ids ids;
    private final Clock clock;

    public DisputeService(BookingStore bookings, SafetyStore store, SettingsSource settings, CommandRelay relay,
            Notifier notifier, Ids ids, Clock clock) {
        this.bookings = bookings;
        this.store = store;
        this.settings = settings;
        this.relay = relay;
        this.notifier = notifier;
        this.ids = ids;
        this.clock = clock;
    }

    /** A result with the booking it belongs to, which the caller needs to name the parties. */
    public record InBooking<T>(Booking booking, T value) {}

    // ---- messages -----------------------------------------------------------------------------------------

    public InBooking<Message> postMessage(Caller caller, String bookingId, String text) {
        Booking booking = asParty(caller, bookingId);
        requireText("text", text);
        Message message = new Message(booking.bookingId(), ids.next("msg"), caller.userId(), text, clock.now());
        store.addMessage(message);
        notifier.tellParties(booking, "message");
        return new InBooking<>(booking, message);
    }

    public InBooking<List<Message>> messages(Caller caller, String bookingId) {
        Booking booking = asParty(caller, bookingId);
        return new InBooking<>(booking, store.messages(booking.bookingId()));
    }

    // ---- change requests ----------------------------------------------------------------------------------

    public InBooking<ChangeRequest> requestChange(Caller caller, String bookingId, ChangeKind kind, String text) {
        Booking booking = asParty(caller, bookingId);
        requireText("text", text);
        if (booking.status() != BookingStatus.PENDING_PROVIDER && booking.status() != BookingStatus.ACCEPTED) {
            throw invalidState(booking);
        }
        List<String> contradicted = booking.terms().stream().filter(t -> kind.contradicts(t.kind()))
                .map(Term::id).toList();
        ChangeRequest request = new ChangeRequest(booking.bookingId(), ids.next("chg"), caller.userId(), kind, text,
                contradicted, ChangeRequest.Status.PENDING, clock.now(), null, null, null);
        store.addChangeRequest(request);
        notifier.tellParties(booking, "change_requested");
        return new InBooking<>(booking, request);
    }

    /** The other party accepts: the change applies and a new consent receipt records it. */
    public ChangeRequest acceptChange(Caller caller, String bookingId, String changeRequestId) {
        Booking booking = asParty(caller, bookingId);
        ChangeRequest request = pendingFor(caller, booking, changeRequestId);
        String previous = latestTermsHash(booking);
        String receipt = Hashes.sha256Hex(previous + "\n" + request.kind() + "\n" + request.text());
        ChangeRequest accepted = request.decided(ChangeRequest.Status.ACCEPTED, caller.userId(), clock.now(), receipt);
        try {
            store.decide(accepted);
        } catch (ConcurrentModificationException decided) {
            throw new DomainException(CONFLICT, "change_request_decided", "the change request was decided already");
        }
        notifier.tellParties(booking, "change_accepted");
        return accepted;
    }

    /** A rejected change request and, when reported, the dispute it opened. */
    public record Rejection(ChangeRequest changeRequest, Dispute dispute) {}

    /**
     * The other party rejects; with {@code report} a {@code TERMS_BREACH} dispute is filed at once, citing the
     * change request, in the same transaction.
     */
    public Rejection rejectChange(Caller caller, String bookingId, String changeRequestId, boolean report) {
        Booking booking = asParty(caller, bookingId);
        ChangeRequest request = pendingFor(caller, booking, changeRequestId);
        ChangeRequest rejected = request.decided(ChangeRequest.Status.REJECTED, caller.userId(), clock.now(), null);
        if (!report) {
            try {
                store.decide(rejected);
            } catch (ConcurrentModificationException decided) {
                throw new DomainException(CONFLICT, "change_request_decided", "the change request was decided already");
            }
            notifier.tellParties(booking, "change_rejected");
            return new Rejection(rejected, null);
        }
        Dispute dispute = newDispute(caller, booking, DisputeReason.TERMS_BREACH,
                "Reported on rejecting change request " + changeRequestId,
                List.of(new Evidence(Evidence.Type.CHANGE_REQUEST, changeRequestId)));
        open(dispute, booking, rejected);
        return new Rejection(rejected, dispute);
    }

    private ChangeRequest pendingFor(Caller caller, Booking booking, String changeRequestId) {
        ChangeRequest request = store.changeRequest(booking.bookingId(), changeRequestId)
                .orElseThrow(() -> DomainException.notFound("change request"));
        if (request.requesterId().equals(caller.userId())) {
            throw new DomainException(FORBIDDEN, "not_your_decision", "the other party decides on a change request");
        }
        if (request.status() != ChangeRequest.Status.PENDING) {
            throw new DomainException(CONFLICT, "change_request_decided", "the change request was decided already",
                    Map.of("status", request.status().name()));
        }
        return request;
    }

    private String latestTermsHash(Booking booking) {
        return store.changeRequests(booking.bookingId()).stream()
                .filter(c -> c.status() == ChangeRequest.Status.ACCEPTED).map(ChangeRequest::receiptSha256)
                .reduce((a, b) -> b).orElse(booking.consent().termsSha256());
    }

    // ---- disputes -----------------------------------------------------------------------------------------

    public Dispute file(Caller caller, String bookingId, DisputeReason reason, String statement, List<Evidence> evidence) {
        Booking booking = asParty(caller, bookingId);
        requireText("statement", statement);
        if (evidence.size() > MAX_EVIDENCE) {
            throw new DomainException(DomainException.Kind.INVALID, "too_much_evidence",
                    "at most " + MAX_EVIDENCE + " evidence items");
        }
        for (Evidence item : evidence) {
            requireEvidence(booking, item);
        }
        Dispute dispute = newDispute(caller, booking, reason, statement, evidence);
        open(dispute, booking, null);
        return dispute;
    }

    private Dispute newDispute(Caller caller, Booking booking, DisputeReason reason, String statement,
            List<Evidence> evidence) {
        Instant now = clock.now();
        boolean customer = booking.customerId().equals(caller.userId());
        if (booking.status() == BookingStatus.DISPUTED) {
            throw new DomainException(CONFLICT, "dispute_already_open", "this booking has an open dispute already");
        }
        if (booking.status() != BookingStatus.ACCEPTED) {
            throw new DomainException(CONFLICT, "dispute_not_allowed",
                    "a dispute is possible once the booking is accepted and while money is held; before acceptance,"
                            + " cancel instead", Map.of("status", booking.status().name()));
        }
        if (!reason.allowedFor(customer)) {
            throw new DomainException(UNPROCESSABLE, "reason_not_allowed",
                    reason + " is reported by the " + (customer ? "provider" : "customer"));
        }
        if (reason.onlyFromStart() && now.isBefore(booking.startsAt())) {
            throw new DomainException(CONFLICT, "too_early", "a no-show can be reported once the slot has started",
                    Map.of("startsAt", booking.startsAt().toString()));
        }
        Instant closes = booking.endsAt().plus(Duration.ofHours(settings.current().unclaimedEscrowHours()));
        if (now.isAfter(closes)) {
            throw new DomainException(CONFLICT, "dispute_window_closed",
                    "disputes are possible until " + closes, Map.of("closedAt", closes.toString()));
        }
        if (booking.escrow().held() > 0 && booking.escrow().stillHeld() == 0) {
            throw new DomainException(CONFLICT, "nothing_to_dispute", "all of this booking's money has moved");
        }
        UserId respondent = customer ? booking.providerId() : booking.customerId();
        return new Dispute(ids.next("dsp"), booking.bookingId(), caller.userId(), respondent, customer, reason,
                statement, evidence, Dispute.Status.AWAITING_RESPONSE, now,
                now.plus(Duration.ofHours(settings.current().disputeObjectionHours())), null, null, null, null, null,
                null, 0);
    }

    private void open(Dispute dispute, Booking booking, ChangeRequest rejected) {
        Booking disputed = booking.moveTo(BookingStatus.DISPUTED, dispute.filedAt(), dispute.reason().name(), List.of(),
                booking.outbox().isEmpty() ? null : booking.dueAt());
        try {
            store.open(dispute, disputed, rejected);
        } catch (ConcurrentModificationException raced) {
            throw new DomainException(CONFLICT, "concurrent_update", "the booking changed at the same time; retry");
        }
        notifier.tellParties(disputed, "dispute_opened");
    }

    private void requireEvidence(Booking booking, Evidence item) {
        boolean known = switch (item.type()) {
            case CHANGE_REQUEST -> store.changeRequest(booking.bookingId(), item.id()).isPresent();
            case MESSAGE -> store.messages(booking.bookingId()).stream().anyMatch(m -> m.messageId().equals(item.id()));
            case CHECK_IN_ATTEMPT -> item.id().equals(booking.bookingId() + ":check-in");
        };
        if (!known) {
            throw new DomainException(UNPROCESSABLE, "unknown_evidence",
                    "evidence " + item.type() + " " + item.id() + " is not part of this booking");
        }
    }

    /** The respondent objects before {@code respondBy}: an admin decides. */
    public Dispute object(Caller caller, String disputeId, String statement) {
        Dispute dispute = visibleDispute(caller, disputeId);
        requireRespondent(caller, dispute);
        requireText("statement", statement);
        Instant now = clock.now();
        if (dispute.status() == Dispute.Status.RESOLVED || !now.isBefore(dispute.respondBy())) {
            throw new DomainException(CONFLICT, "objection_window_closed",
                    "objections were possible until " + dispute.respondBy(),
                    Map.of("respondBy", dispute.respondBy().toString()));
        }
        if (dispute.status() != Dispute.Status.AWAITING_RESPONSE) {
            throw new DomainException(CONFLICT, "already_objected", "the objection is filed already");
        }
        Dispute objected = dispute.objected(statement, now);
        try {
            store.update(dispute, objected, null);
        } catch (ConcurrentModificationException resolvedMeanwhile) {
            throw new DomainException(CONFLICT, "objection_window_closed", "the dispute was resolved meanwhile",
                    Map.of("respondBy", dispute.respondBy().toString()));
        }
        bookings.find(dispute.bookingId()).ifPresent(b -> notifier.tellParties(b, "dispute_objected"));
        return objected;
    }

    /** The respondent concedes: resolved for the reporter at once. */
    public Dispute concede(Caller caller, String disputeId) {
        Dispute dispute = visibleDispute(caller, disputeId);
        requireRespondent(caller, dispute);
        requireOpen(dispute);
        return settle(dispute, dispute.reportersOutcome(), null, "CONCEDED");
    }

    /** An admin decides (SPEC 4.6). */
    public Dispute resolve(Caller caller, String disputeId, Dispute.Outcome outcome, Long providerCents) {
        caller.require(Role.ADMIN);
        Dispute dispute = store.dispute(disputeId).orElseThrow(() -> DomainException.notFound("dispute"));
        requireOpen(dispute);
        Booking booking = bookings.find(dispute.bookingId()).orElseThrow();
        long price = booking.amounts().price().minorUnits();
        Violations v = new Violations();
        if (outcome == Dispute.Outcome.SPLIT && (providerCents == null || providerCents <= 0 || providerCents >= price)) {
            v.add("providerCents", "invalid_split", "a split gives the provider 1.." + (price - 1) + " of " + price);
        }
        if (outcome != Dispute.Outcome.SPLIT && providerCents != null) {
            v.add("providerCents", "unexpected_field", "providerCents belongs to SPLIT only");
        }
        v.throwIfAny();
        return settle(dispute, outcome, providerCents, "ADMIN");
    }

    /** Open disputes whose objection window has passed, for the timer sweep. */
    public List<Dispute> due(int limit) {
        return store.due(clock.now(), limit);
    }

    /** The timer: silence until {@code respondBy} resolves for the reporter. */
    public boolean fireTimer(Dispute dispute) {
        if (dispute.status() != Dispute.Status.AWAITING_RESPONSE || clock.now().isBefore(dispute.respondBy())) {
            return false;
        }
        try {
            settle(dispute, dispute.reportersOutcome(), null, "NO_OBJECTION");
            return true;
        } catch (DomainException objectedMeanwhile) {
            return false;
        }
    }

    private Dispute settle(Dispute dispute, Dispute.Outcome outcome, Long providerCents, String how) {
        Instant now = clock.now();
        Booking booking = bookings.find(dispute.bookingId()).orElseThrow();
        long price = booking.amounts().price().minorUnits();
        long fee = booking.amounts().bookingFee().minorUnits();
        String step = "dispute-" + dispute.disputeId();
        List<EscrowCommand> commands = new ArrayList<>();
        BookingStatus end;
        switch (outcome) {
            case RELEASE_TO_PROVIDER -> {
                commands.add(EscrowCommand.of(booking.bookingId(), step + "-release", MovementKind.RELEASE_SERVICE_FEE, price));
                end = BookingStatus.COMPLETED;
            }
            case REFUND_CUSTOMER -> {
                commands.add(EscrowCommand.of(booking.bookingId(), step + "-refund", MovementKind.REFUND, price));
                if (dispute.reason() == DisputeReason.PROVIDER_NO_SHOW && !"ADMIN".equals(how) && fee > 0) {
                    commands.add(EscrowCommand.of(booking.bookingId(), step + "-return-fee",
                            MovementKind.RETURN_BOOKING_FEE, fee));
                }
                end = BookingStatus.CANCELLED;
            }
            case SPLIT -> {
                commands.add(EscrowCommand.of(booking.bookingId(), step + "-release", MovementKind.RELEASE_SERVICE_FEE,
                        providerCents));
                commands.add(EscrowCommand.of(booking.bookingId(), step + "-refund", MovementKind.REFUND,
                        price - providerCents));
                end = BookingStatus.COMPLETED;
            }
            default -> throw new IllegalStateException();
        }
        Booking settled = booking.moveTo(end, now, "dispute_resolved", commands, now.plus(BookingService.RELAY_GRACE));
        Dispute resolved = dispute.resolved(outcome, providerCents, how, now);
        try {
            store.update(dispute, resolved, settled);
        } catch (ConcurrentModificationException raced) {
            throw new DomainException(CONFLICT, "dispute_changed", "the dispute changed at the same time; read it again");
        }
        try {
            relay.send(settled.outbox());
        } catch (RuntimeException later) {
            // stored in the booking's outbox: the timer sweep relays it
        }
        notifier.tellParties(settled, "dispute_resolved");
        return resolved;
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** A dispute its parties and admins may see; anyone else gets 404. */
    public Dispute visibleDispute(Caller caller, String disputeId) {
        Dispute dispute = store.dispute(disputeId).orElseThrow(() -> DomainException.notFound("dispute"));
        if (!dispute.isParty(caller.userId()) && !caller.has(Role.ADMIN)) {
            throw DomainException.notFound("dispute");
        }
        return dispute;
    }

    /** The evidence bundle of a dispute (SPEC 4.6). */
    public record Bundle(Dispute dispute, Booking booking, List<Message> messages, List<ChangeRequest> changeRequests) {}

    public Bundle bundle(Caller caller, String disputeId) {
        Dispute dispute = visibleDispute(caller, disputeId);
        Booking booking = bookings.find(dispute.bookingId()).orElseThrow();
        return new Bundle(dispute, booking, store.messages(booking.bookingId()), store.changeRequests(booking.bookingId()));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private Booking asParty(Caller caller, String bookingId) {
        Booking booking = bookings.find(bookingId).orElseThrow(() -> DomainException.notFound("booking"));
        if (!booking.isParty(caller.userId())) {
            throw DomainException.notFound("booking");
        }
        return booking;
    }

    private static void requireRespondent(Caller caller, Dispute dispute) {
        if (!dispute.respondentId().equals(caller.userId())) {
            throw new DomainException(FORBIDDEN, "not_respondent", "only the other party answers a dispute");
        }
    }

    private static void requireOpen(Dispute dispute) {
        if (dispute.status() == Dispute.Status.RESOLVED) {
            throw new DomainException(CONFLICT, "dispute_resolved", "the dispute is resolved already",
                    Map.of("outcome", String.valueOf(dispute.outcome())));
        }
    }

    private static void requireText(String field, String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new com.safehold.domain.common.ValidationException(List.of(new com.safehold.domain.common.Violation(
                    field, "invalid_text", field + " must be 1.." + MAX_TEXT + " characters")));
        }
    }

    private static DomainException invalidState(Booking booking) {
        return new DomainException(CONFLICT, "invalid_state", "not possible while the booking is " + booking.status(),
                Map.of("status", booking.status().name()));
    }
}
