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
import com.safehold.domain.loyalty.Card;
import com.safehold.domain.loyalty.ScanRecord;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.Term;
import com.safehold.domain.privacy.PersonalData;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.verification.Verification;
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
        ArrayNode verifications = out.putArray("verifications");
        for (Verification v : data.verifications()) {
            // the number the caller submitted; not the code's hash nor the number's lookup key (they only match)
            verifications.addObject().put("verificationId", v.verificationId()).put("phone", v.phone())
                    .put("status", v.status().name()).put("attempts", v.attempts()).put("language", v.language())
                    .put("createdAt", text(v.createdAt())).put("expiresAt", text(v.expiresAt()))
                    .put("callPlacedAt", text(v.callPlacedAt()));
        }
        ArrayNode cards = out.putArray("loyaltyCards");
        for (Card card : data.cards()) {
            ObjectNode item = cards.addObject().put("programId", card.programId()).put("reward", card.reward())
                    .put("stampsPerReward", card.stampsPerReward()).put("rewardsRedeemed", card.rewardsRedeemed());
            ArrayNode stamps = item.putArray("stamps");
            for (Card.Stamp stamp : card.stamps()) {
                stamps.addObject().put("storeId", stamp.storeId()).put("earnedAt", text(stamp.earnedAt()))
                        .put("scanId", stamp.scanId());
            }
        }
        ArrayNode scans = out.putArray("scans");
        for (ScanRecord scan : data.scans()) {
            // what is stored: no position exists, only the coarse buckets and the hash of the device id
            scans.addObject().put("scanId", scan.scanId()).put("storeId", scan.storeId()).put("at", text(scan.at()))
                    .put("outcome", scan.outcome()).put("deviceHash", scan.deviceHash())
                    .put("distance", scan.distanceBucket()).put("accuracy", scan.accuracyBucket());
        }
        ArrayNode offers = out.putArray("offers");
        for (Offer offer : data.offers()) {
            ObjectNode item = offers.addObject().put("offerId", offer.offerId()).put("title", offer.title())
                    .put("description", offer.description()).put("priceCents", offer.price().minorUnits())
                    .put("currency", offer.price().currency().getCurrencyCode())
                    .put("durationMinutes", offer.durationMinutes()).put("termsVersion", offer.termsVersion())
                    .put("createdAt", text(offer.createdAt())).put("updatedAt", text(offer.updatedAt()));
            ArrayNode terms = item.putArray("terms");
            for (Term term : offer.terms()) {
                terms.addObject().put("id", term.id()).put("kind", term.kind().name()).put("text", term.text());
            }
            if (offer.venue() != null) {
                item.putObject("venue").put("name", offer.venue().name()).put("lat", offer.venue().lat())
                        .put("lon", offer.venue().lon()).put("radiusMeters", offer.venue().radiusMeters());
            }
        }
        ArrayNode stores = out.putArray("stores");
        for (Store store : data.stores()) {
            // not the signing secret: it only authenticates codes
            ObjectNode item = stores.addObject().put("storeId", store.storeId()).put("name", store.name())
                    .put("lat", store.lat()).put("lon", store.lon()).put("radiusMeters", store.radiusMeters())
                    .put("createdAt", text(store.createdAt()));
            if (store.program() != null) {
                item.put("programId", store.program().programId());
            }
        }
        return out;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
