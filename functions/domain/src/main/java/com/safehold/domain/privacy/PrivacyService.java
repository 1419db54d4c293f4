package com.safehold.domain.privacy;

import com.safehold.domain.accounts.AccountStore;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.SafetyStore;
import com.safehold.domain.loyalty.LoyaltyStore;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.OfferStore;
import com.safehold.domain.users.ProfileDirectory;
import com.safehold.domain.verification.VerificationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The caller's own personal data (SPEC 4.7): export everything, or erase it.
 *
 * <p>Erasure keeps the accounting: bookings and ledgers stay under the pseudonymous user id, and the
 * person's encrypted fields in them become unreadable because their data key is destroyed
 * (crypto-shredding), in every copy and backup. Its steps are ordered so that a crash between any two
 * leaves a state from which the caller's retry (same token; sessions are revoked last) finishes the job,
 * and every step is idempotent (docs/decisions/0011-per-person-keys.md).
 */
public final class PrivacyService {

    private final Clock clock;
    private final ProfileDirectory profiles;
    private final AccountStore accounts;
    private final SessionStore sessions;
    private final IdentityProvider identity;
    private final BookingStore bookings;
    private final SafetyStore safety;
    private final CryptoShredder shredder;
    private final OfferStore offers;
    private final LoyaltyStore loyalty;
    private final VerificationStore verifications;

    public PrivacyService(Clock clock, ProfileDirectory profiles, AccountStore accounts, SessionStore sessions,
            IdentityProvider identity, BookingStore bookings, SafetyStore safety, CryptoShredder shredder,
            OfferStore offers, LoyaltyStore loyalty, VerificationStore verifications) {
        this.clock = Objects.requireNonNull(clock);
        this.profiles = Objects.requireNonNull(profiles);
        this.accounts = Objects.requireNonNull(accounts);
        this.sessions = Objects.requireNonNull(sessions);
        this.identity = Objects.requireNonNull(identity);
        this.bookings = Objects.requireNonNull(bookings);
        this.safety = Objects.requireNonNull(safety);
        this.shredder = Objects.requireNonNull(shredder);
        this.offers = Objects.requireNonNull(offers);
        this.loyalty = Objects.requireNonNull(loyalty);
        this.verifications = Objects.requireNonNull(verifications);
    }

    /**
     * All personal data of {@code caller}, decrypted, and nothing about anyone else: only the caller's own
     * texts in their bookings. Every read is by key or through an index by person, never a scan.
     */
    public PersonalData export(UserId caller) {
        List<PersonalData.BookingRecord> records = new ArrayList<>();
        for (Booking booking : bookings.bookingsOf(caller)) {
            String id = booking.bookingId();
            records.add(new PersonalData.BookingRecord(booking,
                    safety.messages(id).stream().filter(m -> m.senderId().equals(caller)).toList(),
                    safety.changeRequests(id).stream().filter(c -> c.requesterId().equals(caller)).toList(),
                    safety.disputesOf(id).stream().filter(d -> concerns(d, caller)).toList()));
        }
        return new PersonalData(clock.now(), identity.email(caller).map(Email::value).orElse(null),
                profiles.find(caller).orElse(null), accounts.find(caller).orElse(null), records,
                verifications.verificationsOf(caller), loyalty.cards(caller), loyalty.scansOf(caller),
                offers.offersOf(caller), loyalty.storesOf(caller));
    }

    /**
     * Erases {@code caller}: refuses with 409 {@code open_obligations} while any booking of theirs is open
     * (held money, an open dispute or a booking not yet settled), otherwise destroys their data key, their
     * account and their user, and leaves the erasure record.
     */
    public void erase(UserId caller) {
        refuseWhileObligationsAreOpen(caller);
        // The fence: from here no booking with the caller can be made, so the second look is final.
        profiles.beginErasure(caller, clock.now());
        try {
            refuseWhileObligationsAreOpen(caller);
        } catch (OpenObligationsException opened) {
            profiles.cancelErasure(caller);
            throw opened;
        }
        shredder.shred(caller);
        // Published listings go with the person: an erased provider's offers and merchant's stores are gone
        // (their texts are not field-encrypted, being public; a store is retired by the shred already).
        for (Offer offer : offers.offersOf(caller)) {
            offers.delete(offer.offerId());
        }
        for (Store store : loyalty.storesOf(caller)) {
            loyalty.deleteStore(store.storeId());
        }
        accounts.delete(caller);
        profiles.completeErasure(caller, clock.now());
        identity.deleteUser(caller);
        sessions.revokeAll(caller, clock.now()); // last: until here the caller can retry with the same token
    }

    private void refuseWhileObligationsAreOpen(UserId caller) {
        List<String> open = bookings.bookingsOf(caller).stream().filter(Booking::isOpenObligation)
                .map(Booking::bookingId).toList();
        if (!open.isEmpty()) {
            throw new OpenObligationsException(open);
        }
    }

    /** 409 {@code open_obligations}: the bookings that still bind the caller. */
    public static final class OpenObligationsException extends DomainException {
        public OpenObligationsException(List<String> bookingIds) {
            super(Kind.CONFLICT, "open_obligations", "a booking, escrow or dispute of yours is still open",
                    java.util.Map.of("bookingIds", List.copyOf(bookingIds)));
        }
    }

    private static boolean concerns(Dispute dispute, UserId caller) {
        return dispute.reporterId().equals(caller) || dispute.respondentId().equals(caller);
    }
}
