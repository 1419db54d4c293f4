package com.safehold.domain.offers;

import com.safehold.domain.users.PublicProfile;

/** An offer as any signed-in user sees it: with its provider's public face and the fee preview. */
public record OfferView(Offer offer, PublicProfile provider, FeePreview feePreview) {}
