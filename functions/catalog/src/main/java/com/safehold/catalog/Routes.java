package com.safehold.catalog;

import static com.safehold.catalog.RouteDef.Auth.JWT;
import static com.safehold.catalog.RouteDef.Auth.PUBLIC;

import java.util.List;

/**
 * The one route table: the CDK app deploys exactly these routes and the local gateway serves exactly
 * these (plus its own local-only routes, which are never deployed).
 */
public final class Routes {

    public static final List<RouteDef> ALL = List.of(
            new RouteDef("POST", "/v1/offers", Functions.OFFERS, JWT),
            new RouteDef("PUT", "/v1/offers/{id}", Functions.OFFERS, JWT),
            new RouteDef("GET", "/v1/offers/{id}", Functions.OFFERS, JWT),

            // SPEC 4.1. MFA setup and verify take either a bearer token or a login session, so the gateway
            // cannot demand a token there; the auth function verifies a bearer token itself.
            new RouteDef("POST", "/v1/auth/signup", Functions.AUTH, PUBLIC),
            new RouteDef("POST", "/v1/auth/login", Functions.AUTH, PUBLIC),
            new RouteDef("POST", "/v1/auth/mfa/setup", Functions.AUTH, PUBLIC),
            new RouteDef("POST", "/v1/auth/mfa/verify", Functions.AUTH, PUBLIC),
            new RouteDef("POST", "/v1/auth/mfa/challenge", Functions.AUTH, PUBLIC),
            new RouteDef("POST", "/v1/auth/refresh", Functions.AUTH, PUBLIC),
            new RouteDef("POST", "/v1/auth/logout", Functions.AUTH, JWT, false),
            new RouteDef("POST", "/v1/auth/password", Functions.AUTH, JWT, false),

            // SPEC 4.4
            new RouteDef("POST", "/v1/bookings", Functions.BOOKING, JWT),
            new RouteDef("GET", "/v1/bookings/{id}", Functions.BOOKING, JWT),
            new RouteDef("GET", "/v1/bookings/{id}/ledger", Functions.BOOKING, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/accept", Functions.BOOKING, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/decline", Functions.BOOKING, JWT),
            new RouteDef("GET", "/v1/bookings/{id}/check-in-code", Functions.BOOKING, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/check-in", Functions.BOOKING, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/cancel", Functions.BOOKING, JWT),

            // SPEC 4.5, 4.6
            new RouteDef("POST", "/v1/bookings/{id}/messages", Functions.DISPUTE, JWT),
            new RouteDef("GET", "/v1/bookings/{id}/messages", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/change-requests", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/change-requests/{cid}/accept", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/change-requests/{cid}/reject", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/bookings/{id}/disputes", Functions.DISPUTE, JWT),
            new RouteDef("GET", "/v1/disputes/{id}", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/disputes/{id}/objection", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/disputes/{id}/concede", Functions.DISPUTE, JWT),
            new RouteDef("POST", "/v1/admin/disputes/{id}/resolve", Functions.DISPUTE, JWT),

            // SPEC 4.9: loyalty. Merchants' routes first, then the customers'.
            new RouteDef("POST", "/v1/stores", Functions.SCAN, JWT),
            new RouteDef("POST", "/v1/loyalty/programs", Functions.SCAN, JWT),
            new RouteDef("GET", "/v1/stores/{id}/display-code", Functions.SCAN, JWT),
            new RouteDef("POST", "/v1/stores/{id}/receipt-codes", Functions.SCAN, JWT),
            new RouteDef("POST", "/v1/stores/{id}/revoke-codes", Functions.SCAN, JWT),
            new RouteDef("POST", "/v1/stores/{id}/release-stamps", Functions.SCAN, JWT),
            new RouteDef("GET", "/v1/stores/{id}/scan-stats", Functions.SCAN, JWT),
            new RouteDef("POST", "/v1/scans", Functions.SCAN, JWT),
            new RouteDef("GET", "/v1/loyalty/cards", Functions.SCAN, JWT),
            new RouteDef("POST", "/v1/loyalty/cards/{programId}/redeem", Functions.SCAN, JWT),

            // SPEC 4.8: phone verification
            new RouteDef("GET", "/v1/admin/verification-policy", Functions.VERIFICATION, JWT, false),
            new RouteDef("PUT", "/v1/admin/verification-policy", Functions.VERIFICATION, JWT, false),
            new RouteDef("POST", "/v1/verifications", Functions.VERIFICATION, JWT),
            new RouteDef("POST", "/v1/verifications/{id}/confirm", Functions.VERIFICATION, JWT),
            new RouteDef("GET", "/v1/me/payment-methods", Functions.VERIFICATION, JWT),

            // SPEC 4.10: clean history
            new RouteDef("PUT", "/v1/providers/me/retention", Functions.HISTORY, JWT, false),
            new RouteDef("GET", "/v1/providers/me/bookings/export", Functions.HISTORY, JWT),
            new RouteDef("GET", "/v1/admin/purge-runs", Functions.HISTORY, JWT, false),

            // SPEC 4.7: only the caller's own data, so open to every role, support included.
            new RouteDef("GET", "/v1/me/export", Functions.PRIVACY, JWT, false),
            new RouteDef("DELETE", "/v1/me", Functions.PRIVACY, JWT, false),

            // SPEC 4.2, admins only.
            new RouteDef("GET", "/v1/admin/settings", Functions.AUTH, JWT, false),
            new RouteDef("PUT", "/v1/admin/settings", Functions.AUTH, JWT, false));

    private Routes() {}
}
