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
                    Tables.SESSIONS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            false);

    /**
     * Accounts, login, MFA and sessions (SPEC 4.1), and the platform settings that govern them (SPEC 4.2).
     * The only function that talks to the Cognito user pool.
     */
    public static final FunctionDef AUTH = new FunctionDef(
            "auth",
            "com.safehold.auth.AuthApiHandler",
            1024,
            10,
            Map.of(Tables.ACCOUNTS, READ_WRITE,
                    Tables.LOGIN_STATE, READ_WRITE,
                    Tables.SESSIONS, READ_WRITE,
                    Tables.USERS, READ_WRITE,
                    Tables.SETTINGS, READ_WRITE,
                    Tables.IDEMPOTENCY, READ_WRITE),
            true,
            true);

    public static final List<FunctionDef> ALL = List.of(OFFERS, AUTH);

    private Functions() {}
}
