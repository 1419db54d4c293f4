package com.safehold.domain.offers;

import com.safehold.domain.common.UserId;
import java.util.List;
import java.util.Optional;

/** Port: offers by id. */
public interface OfferStore {

    /**
     * Stores a new offer, unless one with its id exists.
     *
     * @return false when an offer with this id exists already: the retry of a request that stored it, or the SDK's
     *         repeat of this very write whose first answer was lost
     */
    boolean create(Offer offer);

    Optional<Offer> find(String offerId);

    /**
     * Replaces an offer if nobody changed it since {@code expectedRevision}.
     *
     * @return false if the stored revision differs (a concurrent update won)
     */
    boolean replace(Offer updated, long expectedRevision);

    /** Every offer of {@code provider} (an index query, never a scan): their export and erasure (SPEC 4.7). */
    List<Offer> offersOf(UserId provider);

    /** Deletes the offer; nothing happens if it is gone already. */
    void delete(String offerId);
}
