package com.safehold.privacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.BookingViews;
import com.safehold.api.Json;
import com.safehold.domain.accounts.Account;
import com.safehold.domain.common.UserId;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.privacy.PersonalData;
import com.safehold.domain.users.PublicProfile;
import java.time.Instant;

/**
 * The export's body (SPEC 4.7). Secrets that only prove who someone is (TOTP secret, recovery-code and
 * password hashes) are left out: they are not information about the person, and handing them out would
 * weaken the account (docs/decisions/0011-per-person-keys.md).
 */
final class PrivacyJson {

    private PrivacyJson() {}

    static ObjectNode export(UserId caller, PersonalData data) {
        ObjectNode out = Json.object().put("userId", caller.value()).put("exportedAt", data.exportedAt().toString())
                .put("email", data.email());
        PublicProfile profile = data.profile();
        if (profile != null) {
            out.putObject("profile").put("pseudonym", profile.pseudonym())
                    .put("phoneVerified", profile.trust().phoneVerified())
                    .put("completedBookings", profile.trust().completedBookings())
                    .put("noShows", profile.trust().noShows());
        }
        Account account = data.account();
        if (account != null) {
            out.putObject("account").put("role", account.role().name()).put("phone", account.phone())
                    .put("mfaEnrolledAt", text(account.mfaEnrolledAt()))
                    .put("recoveryCodesLeft", account.recoveryCodeHashes().size());
        }
        ArrayNode bookings = out.putArray("bookings");
        for (PersonalData.BookingRecord record : data.bookings()) {
            ObjectNode booking = BookingViews.view(record.booking(), null);
            bookings.add(booking);
            booking.put("role", record.booking().customerId().equals(caller) ? "customer" : "provider");
            ArrayNode messages = booking.putArray("messages");
            for (Message m : record.messages()) {
                messages.addObject().put("messageId", m.messageId()).put("at", m.at().toString()).put("text", m.text());
            }
            ArrayNode changes = booking.putArray("changeRequests");
            for (ChangeRequest c : record.changeRequests()) {
                changes.addObject().put("changeRequestId", c.changeRequestId()).put("kind", c.kind().name())
                        .put("status", c.status().name()).put("at", c.at().toString()).put("text", c.text());
            }
            ArrayNode disputes = booking.putArray("disputes");
            for (Dispute d : record.disputes()) {
                boolean reporter = d.reporterId().equals(caller);
                ObjectNode item = disputes.addObject().put("disputeId", d.disputeId())
                        .put("role", reporter ? "reporter" : "respondent").put("reason", d.reason().name())
                        .put("status", d.status().name()).put("filedAt", d.filedAt().toString());
                // only what the caller wrote: the other side's statement is the other side's data
                item.put(reporter ? "statement" : "objection", reporter ? d.statement() : d.objection());
                if (d.outcome() != null) {
                    item.put("outcome", d.outcome().name());
                }
            }
        }
        return out;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
