package com.safehold.catalog;

import static com.safehold.catalog.FunctionDef.Access.READ;
import static com.safehold.catalog.FunctionDef.Access.READ_WRITE;

import java.util.List;
import java.util.Map;

/** Every Lambda function of Safehold. */
public final class Functions {

    /** Offers and terms (SPEC 4.3). */
    public static final FunctionDef OFFERS = new FunctionDef(
            "offers",
            "com.safehold.offers.OffersApiHandler",
            1024,
            10,
            Map.of(Tables.OFFERS, READ_WRITE,
                    Tables.USERS, READ,
                    Tables.SETTINGS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            false);

    public static final List<FunctionDef> ALL = List.of(OFFERS);

    private Functions() {}
}
