package com.safehold.domain.offers;

import java.util.Optional;

/** Port: offers by id. */
public interface OfferStore {

    /** Stores a new offer; its id is fresh. */
    void create(Offer offer);

    Optional<Offer> find(String offerId);

    /**
     * Replaces an offer if nobody changed it since {@code expectedRevision}.
     *
     * @return false if the stored revision differs (a concurrent update won)
     */
    boolean replace(Offer updated, long expectedRevision);
}
