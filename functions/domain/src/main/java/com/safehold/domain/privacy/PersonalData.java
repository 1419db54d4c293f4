package com.safehold.domain.privacy;

import com.safehold.domain.accounts.Account;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.loyalty.Card;
import com.safehold.domain.loyalty.ScanRecord;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.verification.Verification;
import java.time.Instant;
import java.util.List;

/**
 * Everything Safehold holds about one person (SPEC 4.7 export), decrypted. Texts are only the person's own:
 * what the counterparty wrote is the counterparty's personal data.
 *
 * @param email    from the user pool; null if it is gone
 * @param profile  pseudonym and trust counters; null if there is none
 * @param account  the security record (phone, MFA state); null if there is none
 * @param bookings      every booking they are a party of, with what they wrote in it
 * @param verifications their phone verifications still kept (the number they submitted, status, dates)
 * @param cards         their stamp cards
 * @param scans         the records of their own scans still kept (no position exists: buckets only)
 * @param offers        the offers they published (a provider)
 * @param stores        the stores they opened (a merchant)
 */
public record PersonalData(Instant exportedAt, String email, PublicProfile profile, Account account,
        List<BookingRecord> bookings, List<Verification> verifications, List<Card> cards, List<ScanRecord> scans,
        List<Offer> offers, List<Store> stores) {

    public PersonalData {
        bookings = List.copyOf(bookings);
        verifications = List.copyOf(verifications);
        cards = List.copyOf(cards);
        scans = List.copyOf(scans);
        offers = List.copyOf(offers);
        stores = List.copyOf(stores);
    }

    /** One booking and the person's own messages, change requests and dispute statements in it. */
    public record BookingRecord(Booking booking, List<Message> messages, List<ChangeRequest> changeRequests,
            List<Dispute> disputes) {
        public BookingRecord {
            messages = List.copyOf(messages);
            changeRequests = List.copyOf(changeRequests);
            disputes = List.copyOf(disputes);
        }
    }

    /** Never shows contents: an export is the most personal object there is. */
    @Override
    public String toString() {
        return "PersonalData[" + bookings.size() + " bookings, redacted]";
    }
}
