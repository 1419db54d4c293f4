package com.safehold.domain.offers;

import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.DomainException.Kind;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import com.safehold.domain.settings.SettingsSource;
import com.safehold.domain.users.ProfileDirectory;
import com.safehold.domain.users.PublicProfile;
import java.time.Instant;

/** Use cases of offers and terms (SPEC 4.3). */
public final class OfferService {

    private final OfferStore offers;
    private final ProfileDirectory profiles;
    private final SettingsSource settings;
    private final Clock clock;
    private final Ids ids;

    public OfferService(OfferStore offers, ProfileDirectory profiles, SettingsSource settings, Clock clock, Ids ids) {
        this.offers = offers;
        this.profiles = profiles;
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
    }

    /** A provider publishes a new offer. */
    public Offer create(Caller caller, OfferDraft draft) {
        return create(caller, draft, null);
    }

    /**
     * A provider publishes a new offer. With an {@code Idempotency-Key} the offer's id is derived from the caller
     * and the key, as a booking's is: a retry after a failure whose write had in fact happened (its answer lost)
     * finds the offer the first attempt stored instead of publishing a second one.
     */
    public Offer create(Caller caller, OfferDraft draft, String idempotencyKey) {
        caller.require(Role.PROVIDER);
        draft.validate();
        requireProfile(caller);
        Instant now = clock.now();
        String offerId = idempotencyKey == null ? ids.next("off")
                : "off_" + Hashes.sha256Hex(caller.userId().value() + "\n" + idempotencyKey).substring(0, 32);
        Offer offer = build(offerId, caller, draft, 1, now, now);
        if (!offers.create(offer)) {
            // stored already, by the first attempt of this request (or the SDK's repeat of this write)
            return offers.find(offerId).filter(o -> o.isOwnedBy(caller.userId()))
                    .orElseThrow(() -> new IllegalStateException("offer id " + offerId + " is taken"));
        }
        return offer;
    }

    /**
     * The owning provider replaces an offer. Another provider's offer answers 404, as if it did not exist.
     * A concurrent update answers 409 {@code concurrent_update}; the client re-reads and retries.
     */
    public Offer update(Caller caller, String offerId, OfferDraft draft) {
        caller.require(Role.PROVIDER);
        Offer current = offers.find(offerId)
                .filter(o -> o.isOwnedBy(caller.userId()))
                .orElseThrow(() -> DomainException.notFound("offer"));
        draft.validate();
        Offer updated = build(offerId, caller, draft, current.revision() + 1, current.createdAt(), clock.now());
        if (!offers.replace(updated, current.revision())) {
            throw new DomainException(Kind.CONFLICT, "concurrent_update",
                    "the offer was changed by another request; read it again and retry");
        }
        return updated;
    }

    /**
     * Any signed-in user reads an offer with its provider's pseudonym, trust and fee preview. An offer whose
     * provider has no profile (the provider was erased, SPEC 4.7) is gone: 404, as for booking it.
     */
    public OfferView view(String offerId) {
        Offer offer = offers.find(offerId).orElseThrow(() -> DomainException.notFound("offer"));
        PublicProfile provider = profiles.find(offer.providerId())
                .orElseThrow(() -> DomainException.notFound("offer"));
        return new OfferView(offer, provider, FeePreview.of(offer.price(), settings.current().bookingFeePercent()));
    }

    private void requireProfile(Caller caller) {
        if (profiles.find(caller.userId()).isEmpty()) {
            throw new DomainException(Kind.CONFLICT, "profile_required",
                    "a provider needs a profile with a pseudonym before publishing offers");
        }
    }

    private static Offer build(String offerId, Caller caller, OfferDraft draft, long revision, Instant createdAt,
            Instant updatedAt) {
        TermsDocument terms = new TermsDocument(draft.terms(), draft.venue(), draft.cancellationPolicy());
        return new Offer(offerId, caller.userId(), draft.title().strip(),
                draft.description() == null ? "" : draft.description().strip(), draft.price(),
                draft.durationMinutes(), draft.terms(), draft.venue(), draft.cancellationPolicy(), terms.version(),
                revision, createdAt, updatedAt);
    }
}
