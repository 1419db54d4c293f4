package com.safehold.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.UserId;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.DisputeService.Bundle;
import com.safehold.domain.disputes.Evidence;
import com.safehold.domain.disputes.Message;
import java.util.List;

/**
 * Messages, change requests and disputes as the API shows them (SPEC 4.5, 4.6), in the dispute function and in
 * the provider's archive export. People appear by their role in the booking
 * ({@code customer}, {@code provider}) and, to the reader, as {@code you}: never by id, name or contact.
 */
public final class DisputeViews {

    private DisputeViews() {}

    public static String role(Booking booking, UserId user, UserId viewer) {
        if (user.equals(viewer)) {
            return "you";
        }
        return booking.customerId().equals(user) ? "customer" : "provider";
    }

    public static ObjectNode message(Booking booking, Message m, UserId viewer) {
        return Json.object().put("messageId", m.messageId()).put("from", role(booking, m.senderId(), viewer))
                .put("text", m.text()).put("at", m.at().toString());
    }

    public static ObjectNode messages(Booking booking, List<Message> messages, UserId viewer) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("messages");
        messages.forEach(m -> list.add(message(booking, m, viewer)));
        return out;
    }

    public static ObjectNode changeRequest(Booking booking, ChangeRequest c, UserId viewer) {
        ObjectNode out = Json.object().put("changeRequestId", c.changeRequestId())
                .put("from", role(booking, c.requesterId(), viewer)).put("kind", c.kind().name())
                .put("text", c.text()).put("status", c.status().name()).put("at", c.at().toString());
        ArrayNode contradicts = out.putArray("contradictsTerms");
        c.contradictsTerms().forEach(contradicts::add);
        if (c.decidedAt() != null) {
            out.put("decidedAt", c.decidedAt().toString());
        }
        if (c.receiptSha256() != null) {
            out.put("consentReceiptSha256", c.receiptSha256());
        }
        return out;
    }

    public static ObjectNode dispute(Dispute d, UserId viewer) {
        String reporter = d.reporterId().equals(viewer) ? "you" : d.reporterIsCustomer() ? "customer" : "provider";
        ObjectNode out = Json.object()
                .put("disputeId", d.disputeId())
                .put("bookingId", d.bookingId())
                .put("reason", d.reason().name())
                .put("status", d.status().name())
                .put("reportedBy", reporter)
                .put("statement", d.statement())
                .put("filedAt", d.filedAt().toString())
                .put("respondBy", d.respondBy().toString());
        if (d.objection() != null) {
            out.put("objection", d.objection()).put("objectedAt", d.objectedAt().toString());
        }
        if (d.outcome() != null) {
            out.put("outcome", d.outcome().name()).put("resolution", d.resolution())
                    .put("resolvedAt", d.resolvedAt().toString());
            if (d.providerCents() != null) {
                out.put("providerCents", d.providerCents());
            }
        }
        return out;
    }

    /** The dispute with its evidence bundle: cited items, consent receipts, messages, changes, check-in. */
    public static ObjectNode bundle(Bundle b, UserId viewer) {
        Booking booking = b.booking();
        ObjectNode out = dispute(b.dispute(), viewer);
        ArrayNode cited = out.putArray("evidence");
        for (Evidence e : b.dispute().evidence()) {
            ObjectNode item = cited.addObject().put("type", e.type().name()).put("id", e.id());
            switch (e.type()) {
                case CHANGE_REQUEST -> b.changeRequests().stream().filter(c -> c.changeRequestId().equals(e.id()))
                        .findFirst().ifPresent(c -> item.set("item", changeRequest(booking, c, viewer)));
                case MESSAGE -> b.messages().stream().filter(m -> m.messageId().equals(e.id())).findFirst()
                        .ifPresent(m -> item.set("item", message(booking, m, viewer)));
                case CHECK_IN_ATTEMPT -> item.set("item", checkIn(booking));
            }
        }
        ArrayNode receipts = out.putArray("consentReceipts");
        receipts.addObject().put("type", "BOOKING").put("termsVersion", booking.consent().termsVersion())
                .put("termsSha256", booking.consent().termsSha256())
                .put("acceptedAt", booking.consent().acceptedAt().toString()).put("acceptedBy", "customer");
        for (ChangeRequest c : b.changeRequests()) {
            if (c.status() == ChangeRequest.Status.ACCEPTED) {
                receipts.addObject().put("type", "CHANGE_REQUEST").put("changeRequestId", c.changeRequestId())
                        .put("termsSha256", c.receiptSha256()).put("acceptedAt", c.decidedAt().toString())
                        .put("acceptedBy", role(booking, c.decidedBy(), null));
            }
        }
        out.set("messages", messages(booking, b.messages(), viewer).get("messages"));
        ArrayNode changes = out.putArray("changeRequests");
        b.changeRequests().forEach(c -> changes.add(changeRequest(booking, c, viewer)));
        out.set("checkIn", checkIn(booking));
        return out;
    }

    /** What is known of the check-in: failed codes and whether it succeeded, with the server's timestamps. */
    public static ObjectNode checkIn(Booking booking) {
        ObjectNode out = Json.object().put("failedCodes", booking.checkInFailures());
        booking.timeline().stream().filter(e -> "checked_in".equals(e.reason())).findFirst()
                .ifPresent(e -> out.put("checkedInAt", e.at().toString()));
        return out;
    }
}
