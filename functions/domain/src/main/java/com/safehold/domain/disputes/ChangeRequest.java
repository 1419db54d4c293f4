package com.safehold.domain.disputes;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.List;

/**
 * A party's request to change what was agreed (SPEC 4.5). {@code contradictsTerms} names the accepted terms it
 * contradicts ({@link ChangeKind}). Accepting it records a new consent receipt ({@code receiptSha256}: the
 * agreed terms' hash chained with the change). The store encrypts {@code text}.
 */
public record ChangeRequest(String bookingId, String changeRequestId, UserId requesterId, ChangeKind kind, String text,
        List<String> contradictsTerms, Status status, Instant at, Instant decidedAt, UserId decidedBy,
        String receiptSha256) {

    public enum Status { PENDING, ACCEPTED, REJECTED }

    public ChangeRequest {
        contradictsTerms = List.copyOf(contradictsTerms);
    }

    public ChangeRequest decided(Status outcome, UserId by, Instant when, String receipt) {
        return new ChangeRequest(bookingId, changeRequestId, requesterId, kind, text, contradictsTerms, outcome, at,
                when, by, receipt);
    }

    @Override
    public String toString() {
        return "ChangeRequest[" + changeRequestId + ", " + kind + ", " + status + "]";
    }
}
