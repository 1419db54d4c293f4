package com.safehold.local;

import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.domain.common.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization matrix (issue 11, docs/decisions/0018-authorization-matrix.md): for every route of
 * {@link Routes#ALL}, the answer every caller gets, with HIPAA mode off and on. It is data, keyed by the route
 * key ({@code METHOD /path/{template}}); {@link AccessMatrixTest} proves it covers exactly the route table and
 * obeys the rules of SPEC 3 and 4.2, {@link AuthorizationMatrixTest} sends every cell over HTTP.
 *
 * <p>Fixtures (the booking, offer, store, dispute... a request names) always belong to {@link Caller#CUSTOMER},
 * {@link Caller#PROVIDER} or {@link Caller#MERCHANT}; the {@code OTHER_*} callers hold the same role and own
 * none of them. Routes that name no owned resource ({@link Builder#ownedBy} not called) have no owner and
 * non-owner; their cells skip the {@code OTHER_*} callers.
 *
 * <p>Rules applied when a cell is made, so entries need not repeat them:
 * <ul>
 *   <li>on JWT routes, no token and a forged token are refused by the gateway (401), a revoked token by the
 *       session guard (401 {@code session_ended});</li>
 *   <li>HIPAA mode on: support gets 403 {@code support_access_denied} on every {@link Kind#USER_DATA} route;
 *       every other cell is the same as with HIPAA mode off.</li>
 * </ul>
 */
final class AccessMatrix {

    /** Who calls. */
    enum Caller {
        ANONYMOUS("anonymous (no Authorization header)", null, false),
        FORGED_TOKEN("forged token (bad signature, admin group claimed)", null, false),
        REVOKED_TOKEN("revoked token (the user logged out)", null, false),
        CUSTOMER("customer", Role.CUSTOMER, false),
        OTHER_CUSTOMER("other customer", Role.CUSTOMER, true),
        PROVIDER("provider", Role.PROVIDER, false),
        OTHER_PROVIDER("other provider", Role.PROVIDER, true),
        MERCHANT("merchant", Role.MERCHANT, false),
        OTHER_MERCHANT("other merchant", Role.MERCHANT, true),
        ADMIN("admin", Role.ADMIN, false),
        SUPPORT("support", Role.SUPPORT, false);

        private final String label;
        private final Role role;
        private final boolean other;

        Caller(String label, Role role, boolean other) {
            this.label = label;
            this.role = role;
            this.other = other;
        }

        /** The role of a signed-in caller; null for the three unauthenticated ones. */
        Role role() {
            return role;
        }

        boolean signedIn() {
            return role != null;
        }

        /** A non-owner of the same role as an owner (exists only on routes with an owner). */
        boolean other() {
            return other;
        }

        /** The caller of {@code role} that owns the fixtures, or null (admin, support own nothing). */
        static Caller owning(Role role) {
            return switch (role) {
                case CUSTOMER -> CUSTOMER;
                case PROVIDER -> PROVIDER;
                case MERCHANT -> MERCHANT;
                default -> null;
            };
        }

        /** The non-owner twin of an owning caller. */
        Caller otherOne() {
            return switch (this) {
                case CUSTOMER -> OTHER_CUSTOMER;
                case PROVIDER -> OTHER_PROVIDER;
                case MERCHANT -> OTHER_MERCHANT;
                default -> throw new IllegalArgumentException(name() + " has no non-owner twin");
            };
        }

        String label() {
            return label;
        }
    }

    /** What the route table says about a route; must match {@link RouteDef} (checked by {@link AccessMatrixTest}). */
    enum Kind {
        /** No token demanded at the gateway ({@link RouteDef.Auth#PUBLIC}). */
        PUBLIC,
        /** JWT route that shows data about users: support is refused in HIPAA mode ({@code showsUserData}). */
        USER_DATA,
        /** JWT route about the caller's own account or platform configuration only ({@code !showsUserData}). */
        NO_USER_DATA
    }

    /** An expected answer: the exact status and, for a problem, its stable {@code code} (null: not checked). */
    record Expect(int status, String code) {
        boolean success() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    static Expect ok(int status) {
        return new Expect(status, null);
    }

    static Expect refused(int status, String code) {
        return new Expect(status, code);
    }

    /** SPEC 3: someone else's resource, or one that does not exist. */
    static final Expect NOT_FOUND = refused(404, "not_found");
    /** The route is for another role; the same answer whatever the id, so it reveals nothing. */
    static final Expect ROLE_REQUIRED = refused(403, "role_required");
    /** The gateway's JWT authorizer: {@code {"message":"Unauthorized"}}, no problem code. */
    static final Expect GATEWAY_UNAUTHORIZED = new Expect(401, null);
    static final Expect SESSION_ENDED = refused(401, "session_ended");
    /** SPEC 4.2. */
    static final Expect SUPPORT_ACCESS_DENIED = refused(403, "support_access_denied");

    /** One route's row: its kind, whose fixtures it names, and the answer to each caller with HIPAA mode off. */
    record Entry(String routeKey, Kind kind, Set<Role> owners, Map<Caller, Expect> expected) {

        /** The callers this route has cells for: everyone, without the non-owner twins when nothing is owned. */
        List<Caller> callers() {
            return Arrays.stream(Caller.values()).filter(c -> !c.other() || !owners.isEmpty()).toList();
        }

        boolean hasOwner() {
            return !owners.isEmpty();
        }

        String method() {
            return routeKey.substring(0, routeKey.indexOf(' '));
        }

        String path() {
            return routeKey.substring(routeKey.indexOf(' ') + 1);
        }

        /** The expected answer in one HIPAA mode, with the rules of the class comment applied. */
        Expect expect(Caller caller, boolean hipaa) {
            if (hipaa && caller == Caller.SUPPORT && kind == Kind.USER_DATA) {
                return SUPPORT_ACCESS_DENIED;
            }
            return expected.get(caller);
        }

        /** How the caller relates to this route's fixtures, for the cell's description. */
        String ownership(Caller caller) {
            if (!hasOwner() || !caller.signedIn()) {
                return "";
            }
            if (caller.other()) {
                return " (non-owner)";
            }
            return owners.contains(caller.role()) && Caller.owning(caller.role()) == caller ? " (owner)" : " (non-owner)";
        }
    }

    /** One cell: a route, a caller, a HIPAA mode and the answer expected. */
    record Cell(Entry entry, Caller caller, boolean hipaa, Expect expected) {
        String routeKey() {
            return entry.routeKey();
        }

        @Override
        public String toString() {
            return "[HIPAA " + (hipaa ? "on " : "off") + "] " + entry.routeKey() + " as " + caller.label()
                    + entry.ownership(caller) + " → expected " + expected;
        }
    }

    private static final Caller ANONYMOUS = Caller.ANONYMOUS;
    private static final Caller FORGED_TOKEN = Caller.FORGED_TOKEN;
    private static final Caller REVOKED_TOKEN = Caller.REVOKED_TOKEN;
    private static final Caller CUSTOMER = Caller.CUSTOMER;
    private static final Caller PROVIDER = Caller.PROVIDER;
    private static final Caller MERCHANT = Caller.MERCHANT;
    private static final Caller ADMIN = Caller.ADMIN;
    private static final Caller SUPPORT = Caller.SUPPORT;

    private static final Kind PUBLIC = Kind.PUBLIC;
    private static final Kind USER_DATA = Kind.USER_DATA;
    private static final Kind NO_USER_DATA = Kind.NO_USER_DATA;

    /** The matrix, in the order of the route table. */
    static final List<Entry> ENTRIES = List.of(
            // SPEC 4.3: providers write their offers, anyone signed in reads them.
            route("POST /v1/offers", USER_DATA).expect(ok(201), PROVIDER).others(ROLE_REQUIRED),
            route("PUT /v1/offers/{id}", USER_DATA).ownedBy(Role.PROVIDER)
                    .expect(ok(200), PROVIDER).others404(Role.PROVIDER).others(ROLE_REQUIRED),
            route("GET /v1/offers/{id}", USER_DATA).ownedBy(Role.PROVIDER).others(ok(200)),

            // SPEC 4.1: public routes ignore an Authorization header, except MFA setup and verify, where a bearer
            // token (instead of a login session) names the account; a bad one is refused.
            route("POST /v1/auth/signup", PUBLIC).everyone(ok(201)),
            route("POST /v1/auth/login", PUBLIC).everyone(ok(200)),
            route("POST /v1/auth/mfa/setup", PUBLIC)
                    .expect(ok(200), ANONYMOUS) // with the session of a login that demands setup
                    .expect(refused(401, "session_ended"), FORGED_TOKEN, REVOKED_TOKEN)
                    .expect(ok(200), CUSTOMER) // MFA optional for customers: not enrolled yet
                    .others(refused(409, "mfa_already_enrolled")), // enrolled at their first login
            route("POST /v1/auth/mfa/verify", PUBLIC)
                    .expect(ok(200), ANONYMOUS) // with the session of a login that demands setup
                    .expect(refused(401, "session_ended"), FORGED_TOKEN, REVOKED_TOKEN)
                    .expect(ok(200), CUSTOMER) // right after setup with the bearer token
                    .others(refused(409, "mfa_setup_not_started")),
            route("POST /v1/auth/mfa/challenge", PUBLIC).everyone(ok(200)),
            route("POST /v1/auth/refresh", PUBLIC).everyone(ok(200)),
            route("POST /v1/auth/logout", NO_USER_DATA).others(ok(204)),
            route("POST /v1/auth/password", NO_USER_DATA).others(ok(204)),

            // SPEC 4.4: the customer books; the booking is seen by its parties and admins; each party acts only
            // where the spec says "that customer" / "that provider"; everyone else gets 404.
            route("POST /v1/bookings", USER_DATA).expect(ok(202), CUSTOMER).others(ROLE_REQUIRED),
            route("GET /v1/bookings/{id}", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), CUSTOMER, PROVIDER, ADMIN).others(NOT_FOUND),
            route("GET /v1/bookings/{id}/ledger", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), CUSTOMER, PROVIDER, ADMIN).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/accept", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), PROVIDER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/decline", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), PROVIDER).others(NOT_FOUND),
            route("GET /v1/bookings/{id}/check-in-code", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), CUSTOMER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/check-in", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), PROVIDER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/cancel", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), CUSTOMER, PROVIDER).others(NOT_FOUND),

            // SPEC 4.5, 4.6: between the booking's parties. A party who sees the item but is not the one to
            // answer it gets 403 with a code (nothing is hidden from them); an admin sees and resolves disputes.
            route("POST /v1/bookings/{id}/messages", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(201), CUSTOMER, PROVIDER).others(NOT_FOUND),
            route("GET /v1/bookings/{id}/messages", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), CUSTOMER, PROVIDER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/change-requests", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(201), CUSTOMER, PROVIDER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/change-requests/{cid}/accept", USER_DATA)
                    .ownedBy(Role.CUSTOMER, Role.PROVIDER) // the customer asked for the change
                    .expect(ok(200), PROVIDER).expect(refused(403, "not_your_decision"), CUSTOMER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/change-requests/{cid}/reject", USER_DATA)
                    .ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), PROVIDER).expect(refused(403, "not_your_decision"), CUSTOMER).others(NOT_FOUND),
            route("POST /v1/bookings/{id}/disputes", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(201), CUSTOMER, PROVIDER).others(NOT_FOUND),
            route("GET /v1/disputes/{id}", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), CUSTOMER, PROVIDER, ADMIN).others(NOT_FOUND),
            route("POST /v1/disputes/{id}/objection", USER_DATA)
                    .ownedBy(Role.CUSTOMER, Role.PROVIDER) // the customer reported, the provider answers
                    .expect(ok(200), PROVIDER).expect(refused(403, "not_respondent"), CUSTOMER, ADMIN).others(NOT_FOUND),
            route("POST /v1/disputes/{id}/concede", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), PROVIDER).expect(refused(403, "not_respondent"), CUSTOMER, ADMIN).others(NOT_FOUND),
            route("POST /v1/admin/disputes/{id}/resolve", USER_DATA).ownedBy(Role.CUSTOMER, Role.PROVIDER)
                    .expect(ok(200), ADMIN).others(ROLE_REQUIRED),

            // SPEC 4.9: merchants run their own stores; customers scan, keep cards and redeem their own.
            route("POST /v1/stores", USER_DATA).expect(ok(201), MERCHANT).others(ROLE_REQUIRED),
            route("POST /v1/loyalty/programs", USER_DATA).ownedBy(Role.MERCHANT) // the stores in the body
                    .expect(ok(201), MERCHANT).others404(Role.MERCHANT).others(ROLE_REQUIRED),
            route("GET /v1/stores/{id}/display-code", USER_DATA).ownedBy(Role.MERCHANT)
                    .expect(ok(200), MERCHANT).others404(Role.MERCHANT).others(ROLE_REQUIRED),
            route("POST /v1/stores/{id}/receipt-codes", USER_DATA).ownedBy(Role.MERCHANT)
                    .expect(ok(201), MERCHANT).others404(Role.MERCHANT).others(ROLE_REQUIRED),
            route("POST /v1/stores/{id}/revoke-codes", USER_DATA).ownedBy(Role.MERCHANT)
                    .expect(ok(200), MERCHANT).others404(Role.MERCHANT).others(ROLE_REQUIRED),
            route("POST /v1/stores/{id}/release-stamps", USER_DATA).ownedBy(Role.MERCHANT)
                    .expect(ok(200), MERCHANT).others404(Role.MERCHANT).others(ROLE_REQUIRED),
            route("GET /v1/stores/{id}/scan-stats", USER_DATA).ownedBy(Role.MERCHANT)
                    .expect(ok(200), MERCHANT).others404(Role.MERCHANT).others(ROLE_REQUIRED),
            route("POST /v1/scans", USER_DATA).expect(ok(200), CUSTOMER).others(ROLE_REQUIRED),
            route("GET /v1/loyalty/cards", USER_DATA).expect(ok(200), CUSTOMER).others(ROLE_REQUIRED),
            route("POST /v1/loyalty/cards/{programId}/redeem", USER_DATA).ownedBy(Role.CUSTOMER) // the card
                    .expect(ok(200), CUSTOMER).others404(Role.CUSTOMER).others(ROLE_REQUIRED),

            // SPEC 4.8: the operator's policy is admin-only; a verification belongs to the customer who started it.
            route("GET /v1/admin/verification-policy", NO_USER_DATA).expect(ok(200), ADMIN).others(ROLE_REQUIRED),
            route("PUT /v1/admin/verification-policy", NO_USER_DATA).expect(ok(200), ADMIN).others(ROLE_REQUIRED),
            route("POST /v1/verifications", USER_DATA).expect(ok(200), CUSTOMER).others(ROLE_REQUIRED),
            route("POST /v1/verifications/{id}/confirm", USER_DATA).ownedBy(Role.CUSTOMER)
                    .expect(ok(200), CUSTOMER).others(NOT_FOUND), // no role check: only its customer finds it
            route("GET /v1/me/payment-methods", USER_DATA).expect(ok(200), CUSTOMER).others(ROLE_REQUIRED),

            // SPEC 4.10
            route("PUT /v1/providers/me/retention", NO_USER_DATA).expect(ok(200), PROVIDER).others(ROLE_REQUIRED),
            route("GET /v1/providers/me/bookings/export", USER_DATA).expect(ok(200), PROVIDER).others(ROLE_REQUIRED),
            route("GET /v1/admin/purge-runs", NO_USER_DATA).expect(ok(200), ADMIN).others(ROLE_REQUIRED),

            // SPEC 4.7: only the caller's own data, for every role (support included, also in HIPAA mode).
            route("GET /v1/me/export", NO_USER_DATA).others(ok(200)),
            route("DELETE /v1/me", NO_USER_DATA).others(ok(204)),

            // SPEC 4.2
            route("GET /v1/admin/settings", NO_USER_DATA).expect(ok(200), ADMIN).others(ROLE_REQUIRED),
            route("PUT /v1/admin/settings", NO_USER_DATA).expect(ok(200), ADMIN).others(ROLE_REQUIRED));

    private AccessMatrix() {}

    /** The entry of a route key, or an error naming it. */
    static Entry entry(String routeKey) {
        return ENTRIES.stream().filter(e -> e.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no matrix entry for " + routeKey));
    }

    /** Every cell of one HIPAA mode, in the order of the route table, then of {@link Caller}. */
    static List<Cell> cells(boolean hipaa) {
        List<Cell> cells = new ArrayList<>();
        for (RouteDef def : Routes.ALL) {
            Entry entry = entry(def.routeKey());
            for (Caller caller : entry.callers()) {
                cells.add(new Cell(entry, caller, hipaa, entry.expect(caller, hipaa)));
            }
        }
        return cells;
    }

    private static Builder route(String routeKey, Kind kind) {
        return new Builder(routeKey, kind);
    }

    /** Fills one entry; {@link #others} (or {@link #everyone}) ends it. */
    static final class Builder {
        private final String routeKey;
        private final Kind kind;
        private final Set<Role> owners = EnumSet.noneOf(Role.class);
        private final Map<Caller, Expect> expected = new EnumMap<>(Caller.class);

        private Builder(String routeKey, Kind kind) {
            this.routeKey = routeKey;
            this.kind = kind;
        }

        /** The request names a resource owned by the caller of each of these roles (see the class comment). */
        Builder ownedBy(Role... roles) {
            owners.addAll(List.of(roles));
            return this;
        }

        Builder expect(Expect expect, Caller... callers) {
            for (Caller caller : callers) {
                if (expected.putIfAbsent(caller, expect) != null) {
                    throw new IllegalStateException(routeKey + ": " + caller + " given twice");
                }
            }
            return this;
        }

        /** The non-owner twin of the owning caller of each role: 404, as for an id that does not exist. */
        Builder others404(Role... roles) {
            for (Role role : roles) {
                expect(NOT_FOUND, Caller.owning(role).otherOne());
            }
            return this;
        }

        /** Every caller not given yet: for JWT routes the signed-in ones (the unauthenticated get 401). */
        Entry others(Expect rest) {
            if (kind != Kind.PUBLIC) {
                expected.putIfAbsent(ANONYMOUS, GATEWAY_UNAUTHORIZED);
                expected.putIfAbsent(FORGED_TOKEN, GATEWAY_UNAUTHORIZED);
                expected.putIfAbsent(REVOKED_TOKEN, SESSION_ENDED);
            }
            return everyone(rest);
        }

        /** Every caller not given yet, the unauthenticated ones included. */
        Entry everyone(Expect rest) {
            for (Caller caller : Caller.values()) {
                if (!caller.other() || !owners.isEmpty()) {
                    expected.putIfAbsent(caller, rest);
                }
            }
            return new Entry(routeKey, kind, Set.copyOf(owners), Map.copyOf(expected));
        }
    }
}
