package com.safehold.domain.disputes;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;

/**
 * A dispute over a booking (SPEC 4.6). While it is open the booking is {@code DISPUTED} and its escrow frozen.
 * The store encrypts the statements.
 *
 * @param reporterIsCustomer whether the customer filed it (decides who wins by default)
 * @param resolution         how it ended: {@code NO_OBJECTION}, {@code CONCEDED} or {@code ADMIN}
 */
public record Dispute(String disputeId, String bookingId, UserId reporterId, UserId respondentId,
        boolean reporterIsCustomer, DisputeReason reason, String statement, List<Evidence> evidence, Status status,
        Instant filedAt, Instant respondBy, String objection, Instant objectedAt, Outcome outcome, Long providerCents,
        String resolution, Instant resolvedAt, long version) {

    public enum Status { AWAITING_RESPONSE, UNDER_REVIEW, RESOLVED }

    public enum Outcome { RELEASE_TO_PROVIDER, REFUND_CUSTOMER, SPLIT }

    public Dispute {
        evidence = List.copyOf(evidence);
    }

    public boolean isParty(UserId user) {
        return reporterId.equals(user) || respondentId.equals(user);
    }

    public Dispute objected(String text, Instant at) {
        return new Dispute(disputeId, bookingId, reporterId, respondentId, reporterIsCustomer, reason, statement,
                evidence, Status.UNDER_REVIEW, filedAt, respondBy, text, at, outcome, providerCents, resolution,
                resolvedAt, version);
    }

    public Dispute resolved(Outcome result, Long provider, String how, Instant at) {
        return new Dispute(disputeId, bookingId, reporterId, respondentId, reporterIsCustomer, reason, statement,
                evidence, Status.RESOLVED, filedAt, respondBy, objection, objectedAt, result, provider, how, at, version);
    }

    /** The outcome when the reporter wins: a provider's report pays the provider, a customer's refunds. */
    public Outcome reportersOutcome() {
        return reporterIsCustomer ? Outcome.REFUND_CUSTOMER : Outcome.RELEASE_TO_PROVIDER;
    }

    @Override
    public String toString() {
        return "Dispute[" + disputeId + ", " + reason + ", " + status + "]";
    }
}
