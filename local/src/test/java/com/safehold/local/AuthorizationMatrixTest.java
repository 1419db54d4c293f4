package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.api.Json;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.domain.common.Role;
import com.safehold.local.AccessMatrix.Caller;
import com.safehold.local.AccessMatrix.Cell;
import com.safehold.local.AccessMatrix.Expect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every cell of the {@link AccessMatrix} over HTTP on one local platform (issue 11, docs/decisions/0018): every
 * route of {@link Routes#ALL} × every caller × HIPAA mode off, then on. All failing cells are collected and
 * reported together, each with its route, caller, ownership, HIPAA mode, expected and actual answer and body.
 *
 * <p>The fixtures are made once, up front: users signed in once and reused, a booking, dispute, store... per
 * state a route needs. A cell whose success would use its fixture up (accepting a booking, conceding a
 * dispute) takes a fresh one from a pool sized from the matrix; every refused cell uses the shared fixture,
 * which a refusal leaves as it was. Logout, password change and erasure succeed as one user per role and HIPAA
 * mode, logged in again before each (see {@link SelfUser}).
 *
 * <p>Each 404 cell (HIPAA mode off; on, the same callers get the same answers) is also sent for an id that
 * does not exist, with its body and with an invalid one: the answers must be the same, so a non-owner learns
 * nothing about existence (SPEC 3).
 */
class AuthorizationMatrixTest extends EndToEndTest {

    private static final double LAT = 48.2104;
    private static final double LON = 16.3656;
    private static final String AT_VENUE = "\"lat\":" + LAT + ",\"lon\":" + LON + ",\"accuracyMeters\":10";
    private static final String INVALID_BODY = "{\"matrixUnexpectedField\":true}";
    /** Body fields a failure report leaves out. */
    private static final Pattern SECRETS = Pattern.compile(
            "\"(password|currentPassword|newPassword|refreshToken|session|code)\":\"[^\"]*\"");
    private static final Pattern SPOKEN_CODE = Pattern.compile("(\\d) (\\d) (\\d) (\\d)\\.");
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger(3_000_000);

    private final TotpCodes totp = new TotpCodes();
    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

    // accounts for the auth routes
    private final Map<Caller, Users.SignedIn> signedIn = new EnumMap<>(Caller.class);
    private String setupEmail;
    private final Deque<String[]> recoveryCodes = new ArrayDeque<>();
    private final Deque<Users.SignedIn> unenrolledCustomers = new ArrayDeque<>();
    private final Map<Boolean, Map<Role, SelfUser>> selfUsers = new HashMap<>();

    // offers and bookings (customer CUSTOMER, provider PROVIDER)
    private String offerId;
    private String termsVersion;
    private String offerToEdit;
    private Instant nextSlot;
    private String acceptedBooking;
    private String pendingBooking;
    private String bookingInWindow;
    private final Deque<String> pendingBookings = new ArrayDeque<>();
    private final Deque<String> acceptedBookings = new ArrayDeque<>();
    /** Bookings in their check-in window, each with the token of its own provider: {bookingId, token}. */
    private final Deque<String[]> bookingsInWindow = new ArrayDeque<>();
    private String changeRequest;
    private final Deque<String> changeRequests = new ArrayDeque<>();
    private String dispute;
    private final Deque<String> disputes = new ArrayDeque<>();

    // loyalty (merchant MERCHANT)
    private String store;
    private String freeStore;
    private String programId;

    private String verificationId;
    private ObjectNode settingsDocument;

    private Map<String, Function<Cell, Call>> recipes;

    @Test
    void everyRoute_answersEveryCaller_asTheMatrixSays_withHipaaModeOffAndOn() {
        long started = System.nanoTime();
        prepare();
        recipes = recipes();
        assertThat(recipes.keySet()).as("a request recipe for every route")
                .containsExactlyInAnyOrderElementsOf(Routes.ALL.stream().map(RouteDef::routeKey).toList());
        long prepared = System.nanoTime();

        List<String> failures = new ArrayList<>();
        int cells = 0;
        try {
            for (Cell cell : AccessMatrix.cells(false)) {
                run(cell, failures);
                cells++;
            }
            hipaaMode(true);
            for (Cell cell : AccessMatrix.cells(true)) {
                run(cell, failures);
                cells++;
            }
        } finally {
            hipaaMode(false);
        }
        System.out.printf("authorization matrix: %d cells, %d failed; fixtures %d ms, cells %d ms%n", cells,
                failures.size(), (prepared - started) / 1_000_000, (System.nanoTime() - prepared) / 1_000_000);
        assertThat(failures).as("%d of %d cells failed:%n%s", failures.size(), cells, String.join("\n", failures))
                .isEmpty();
    }

    // ---- one cell -----------------------------------------------------------------------------------------

    private void run(Cell cell, List<String> failures) {
        Call call;
        try {
            call = recipes.get(cell.routeKey()).apply(cell);
        } catch (AssertionError | RuntimeException e) {
            failures.add(cell + ": could not prepare the request: " + e.getMessage());
            return;
        }
        Http.Reply reply = call.send();
        Expect expected = cell.expected();
        String code = problemCode(reply);
        if (reply.status() != expected.status() || (expected.code() != null && !expected.code().equals(code))) {
            failures.add(cell + ", got " + answer(reply) + " — " + call + " — " + abbreviated(reply.body()));
            return;
        }
        if (!cell.hipaa() && expected.status() == 404 && !call.params().isEmpty()) {
            probeExistence(cell, call, reply, failures);
        }
    }

    /** The non-owner's answer must not depend on whether the resource exists, with a valid or an invalid body. */
    private void probeExistence(Cell cell, Call call, Http.Reply reply, List<String> failures) {
        Call missing = call.withParams(call.params().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> missingId(e.getValue()))));
        compare(cell, "for an id that does not exist", answer(reply), missing, failures);
        if (!call.method().equals("GET") && !call.method().equals("DELETE")) {
            Http.Reply invalid = call.withBody(INVALID_BODY).send();
            compare(cell, "for an id that does not exist, with an invalid body (" + answer(invalid) + " for the real one)",
                    answer(invalid), missing.withBody(INVALID_BODY), failures);
        }
    }

    private static void compare(Cell cell, String what, String existing, Call missing, List<String> failures) {
        Http.Reply reply = missing.send();
        if (!answer(reply).equals(existing)) {
            failures.add(cell + ": answers " + existing + " for the real resource but " + answer(reply) + " " + what
                    + ", so existence leaks — " + missing);
        }
    }

    private static String missingId(String id) {
        int prefix = id.indexOf('_') + 1;
        return id.substring(0, prefix) + "0".repeat(Math.max(8, id.length() - prefix));
    }

    private static String answer(Http.Reply reply) {
        String code = problemCode(reply);
        return code == null ? Integer.toString(reply.status()) : reply.status() + " " + code;
    }

    private static String problemCode(Http.Reply reply) {
        String type = reply.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return null;
        }
        return reply.json().path("code").asText(null);
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    // ---- requests -----------------------------------------------------------------------------------------

    /** One request of a cell; tokens are never printed. */
    record Call(String method, String template, Map<String, String> params, String query, String token, String body,
            Map<String, String> headers) {

        String path() {
            String path = template;
            for (Map.Entry<String, String> p : params.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            return query == null ? path : path + "?" + query;
        }

        Http.Reply send() {
            return http.send(method, path(), token, body, headers);
        }

        Call param(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(params);
            more.put(name, value);
            return withParams(more);
        }

        Call withParams(Map<String, String> replaced) {
            return new Call(method, template, Map.copyOf(replaced), query, token, body, headers);
        }

        Call withBody(String replaced) {
            return new Call(method, template, params, query, token, replaced, headers);
        }

        Call query(String replaced) {
            return new Call(method, template, params, replaced, token, body, headers);
        }

        Call token(String replaced) {
            return new Call(method, template, params, query, replaced, body, headers);
        }

        Call header(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Call(method, template, params, query, token, body, Map.copyOf(more));
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : SECRETS.matcher(body).replaceAll("\"$1\":\"…\"");
            return "sent " + method + " " + path() + (shown.isEmpty() ? "" : " " + abbreviated(shown));
        }
    }

    /** The cell's request with the caller's token and no body yet. */
    private Call call(Cell cell) {
        return new Call(cell.entry().method(), cell.entry().path(), Map.of(), null, tokens.get(cell.caller()), "",
                Map.of());
    }

    /**
     * A user of one role in one HIPAA mode for the cells whose success ends the caller's sessions or account:
     * logout, password change, erasure. Each of those cells gets a session of its own (logging in again when
     * the previous cell ended it), with the password the previous cell left.
     */
    private static final class SelfUser {
        final String email;
        String password = Users.PASSWORD;
        String token;
        boolean erased;

        SelfUser(Users.SignedIn user) {
            this.email = user.email();
            this.token = user.accessToken();
        }
    }

    private static final String NEW_PASSWORD = "Matrix-Horse-77?";

    private SelfUser selfUser(Cell cell) {
        SelfUser user = selfUsers.get(cell.hipaa()).get(cell.caller().role());
        if (user.erased) {
            throw new AssertionError("the " + cell.caller().role() + " self user was erased already");
        }
        return user;
    }

    /** The cell's request with a live session of its role's self user when it is to succeed. */
    private Call asSelfUser(Cell cell, Call call) {
        if (!cell.expected().success() || !cell.caller().signedIn()) {
            return call;
        }
        SelfUser user = selfUser(cell);
        String token = user.token != null ? user.token : logIn(user.email, user.password);
        user.token = null; // each of these cells ends the session (or more)
        return call.token(token);
    }

    /** Logs in again, completing whatever second factor the login asks for (recovery codes: no 30-second steps). */
    private String logIn(String email, String password) {
        Http.Reply login = http.post("/v1/auth/login", null, Users.credentials(email, password));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String session = login.json().path("session").asText();
        return switch (login.json().get("status").asText()) {
            case "AUTHENTICATED" -> login.json().at("/tokens/accessToken").asText();
            case "MFA_SETUP_REQUIRED" -> users.enrol(email, session).accessToken();
            case "MFA_REQUIRED" -> {
                List<String> codes = users.recoveryCodesOf(email);
                String code = codes.remove(codes.size() - 1);
                Http.Reply challenged = http.post("/v1/auth/mfa/challenge", null,
                        "{\"session\":\"" + session + "\",\"code\":\"" + code + "\"}");
                assertThat(challenged.status()).as(challenged.body()).isEqualTo(200);
                yield challenged.json().at("/tokens/accessToken").asText();
            }
            default -> throw new AssertionError(login.body());
        };
    }

    private static <T> T take(Deque<T> pool, String what) {
        T next = pool.poll();
        if (next == null) {
            throw new AssertionError("no " + what + " left in its pool");
        }
        return next;
    }

    /** How to make each route's request for a cell; the expectation only decides shared or fresh fixtures. */
    private Map<String, Function<Cell, Call>> recipes() {
        Map<String, Function<Cell, Call>> r = new HashMap<>();
        r.put("POST /v1/offers", c -> call(c).withBody(OffersEndToEndTest.offerJson(12000)));
        r.put("PUT /v1/offers/{id}", c -> call(c).param("id", offerToEdit).withBody(OffersEndToEndTest.offerJson(12000)));
        r.put("GET /v1/offers/{id}", c -> call(c).param("id", offerId));

        r.put("POST /v1/auth/signup", c -> call(c).withBody("""
                {"email":"%s","password":"%s","role":"customer","pseudonym":"Matrix signup"}"""
                .formatted(users.newEmail(Role.CUSTOMER), Users.PASSWORD)));
        r.put("POST /v1/auth/login", c -> call(c).withBody( // creates a session, ends none
                Users.credentials(signedIn.get(Caller.OTHER_CUSTOMER).email(), Users.PASSWORD)));
        r.put("POST /v1/auth/mfa/setup", c -> c.caller().signedIn() ? call(c).withBody("{}")
                : call(c).withBody("{\"session\":\"" + loginSession(setupEmail, "MFA_SETUP_REQUIRED") + "\"}"));
        r.put("POST /v1/auth/mfa/verify", this::mfaVerify);
        r.put("POST /v1/auth/mfa/challenge", c -> {
            String[] recovery = take(recoveryCodes, "recovery code");
            return call(c).withBody("{\"session\":\"" + loginSession(recovery[0], "MFA_REQUIRED") + "\",\"code\":\""
                    + recovery[1] + "\"}");
        });
        r.put("POST /v1/auth/refresh", c -> call(c).withBody( // a refresh token is not rotated
                "{\"refreshToken\":\"" + signedIn.get(Caller.CUSTOMER).refreshToken() + "\"}"));
        r.put("POST /v1/auth/logout", c -> asSelfUser(c, call(c)));
        r.put("POST /v1/auth/password", c -> {
            String current = Users.PASSWORD;
            Call call = asSelfUser(c, call(c));
            if (c.expected().success() && c.caller().signedIn()) {
                SelfUser user = selfUser(c);
                current = user.password;
                user.password = NEW_PASSWORD;
            }
            return call.withBody("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}");
        });

        r.put("POST /v1/bookings", c -> call(c).withBody(bookingJson(offerId, termsVersion, slot()))
                .header("idempotency-key", UUID.randomUUID().toString()));
        r.put("GET /v1/bookings/{id}", c -> call(c).param("id", acceptedBooking));
        r.put("GET /v1/bookings/{id}/ledger", c -> call(c).param("id", acceptedBooking));
        r.put("POST /v1/bookings/{id}/accept", c -> call(c).param("id", pendingOrFresh(c)));
        r.put("POST /v1/bookings/{id}/decline", c -> call(c).param("id", pendingOrFresh(c)));
        r.put("GET /v1/bookings/{id}/check-in-code", c -> call(c).param("id", bookingInWindow));
        r.put("POST /v1/bookings/{id}/check-in", c -> {
            if (!c.expected().success()) {
                return call(c).param("id", bookingInWindow).withBody("{\"code\":\"000000\"," + AT_VENUE + "}");
            }
            String[] booking = take(bookingsInWindow, "booking in its check-in window");
            Http.Reply code = http.get("/v1/bookings/" + booking[0] + "/check-in-code", tokens.get(Caller.CUSTOMER));
            assertThat(code.status()).as(code.body()).isEqualTo(200);
            return call(c).token(booking[1]).param("id", booking[0])
                    .withBody("{\"code\":\"" + code.json().get("code").asText() + "\"," + AT_VENUE + "}");
        });
        r.put("POST /v1/bookings/{id}/cancel", c -> call(c).param("id", pendingOrFresh(c)));

        r.put("POST /v1/bookings/{id}/messages", c -> call(c).param("id", acceptedBooking)
                .withBody("{\"text\":\"Matrix message\"}"));
        r.put("GET /v1/bookings/{id}/messages", c -> call(c).param("id", acceptedBooking));
        r.put("POST /v1/bookings/{id}/change-requests", c -> call(c).param("id", acceptedBooking)
                .withBody("{\"kind\":\"TIME\",\"text\":\"Could we start an hour later?\"}"));
        r.put("POST /v1/bookings/{id}/change-requests/{cid}/accept", c -> call(c).param("id", acceptedBooking)
                .param("cid", c.expected().success() ? take(changeRequests, "change request") : changeRequest));
        r.put("POST /v1/bookings/{id}/change-requests/{cid}/reject", c -> call(c).param("id", acceptedBooking)
                .param("cid", c.expected().success() ? take(changeRequests, "change request") : changeRequest)
                .withBody("{\"report\":false}"));
        r.put("POST /v1/bookings/{id}/disputes", c -> call(c)
                .param("id", c.expected().success() ? take(acceptedBookings, "accepted booking") : acceptedBooking)
                .withBody("{\"reason\":\"MISCONDUCT\",\"statement\":\"Matrix statement\",\"evidence\":[]}"));
        r.put("GET /v1/disputes/{id}", c -> call(c).param("id", dispute));
        r.put("POST /v1/disputes/{id}/objection", c -> call(c).param("id", disputeOrFresh(c))
                .withBody("{\"statement\":\"Matrix objection\"}"));
        r.put("POST /v1/disputes/{id}/concede", c -> call(c).param("id", disputeOrFresh(c)));
        r.put("POST /v1/admin/disputes/{id}/resolve", c -> call(c).param("id", disputeOrFresh(c))
                .withBody("{\"outcome\":\"REFUND_CUSTOMER\"}"));

        r.put("POST /v1/stores", c -> call(c).withBody(storeJson()));
        r.put("POST /v1/loyalty/programs", c -> call(c).withBody(programJson(
                c.expected().success() ? openStore() : freeStore)));
        r.put("GET /v1/stores/{id}/display-code", c -> call(c).param("id", store));
        r.put("POST /v1/stores/{id}/receipt-codes", c -> call(c).param("id", store)
                .withBody("{\"count\":1,\"expiresInHours\":1}"));
        r.put("POST /v1/stores/{id}/revoke-codes", c -> call(c).param("id", store));
        r.put("POST /v1/stores/{id}/release-stamps", c -> call(c).param("id", store));
        r.put("GET /v1/stores/{id}/scan-stats", c -> call(c).param("id", store));
        r.put("POST /v1/scans", c -> call(c).withBody(scanJson()));
        r.put("GET /v1/loyalty/cards", this::call);
        r.put("POST /v1/loyalty/cards/{programId}/redeem", c -> {
            if (c.expected().success()) { // a stamp to spend: the program gives a reward per stamp
                Http.Reply scanned = http.post("/v1/scans", tokens.get(Caller.CUSTOMER), scanJson());
                assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
            }
            return call(c).param("programId", programId);
        });

        r.put("GET /v1/admin/verification-policy", this::call);
        r.put("PUT /v1/admin/verification-policy", c -> call(c).withBody(VerificationEndToEndTest.POLICY.formatted(true, true)));
        r.put("POST /v1/verifications", c -> call(c).withBody(
                "{\"phone\":\"" + freshMobile() + "\",\"paymentMethod\":\"card\",\"basketCents\":100}"));
        r.put("POST /v1/verifications/{id}/confirm", c -> call(c).param("id", verificationId)
                .withBody("{\"code\":\"0000\"}"));
        r.put("GET /v1/me/payment-methods", c -> call(c).query("basketCents=1000"));

        r.put("PUT /v1/providers/me/retention", c -> call(c).withBody("{\"bookingsDays\":365}"));
        r.put("GET /v1/providers/me/bookings/export", c -> call(c).query("before=2030-01-01"));
        r.put("GET /v1/admin/purge-runs", this::call);

        r.put("GET /v1/me/export", this::call);
        r.put("DELETE /v1/me", c -> {
            Call call = asSelfUser(c, call(c));
            if (c.expected().success() && c.caller().signedIn()) {
                selfUser(c).erased = true;
            }
            return call;
        });

        r.put("GET /v1/admin/settings", this::call);
        r.put("PUT /v1/admin/settings", c -> call(c).withBody(settingsDocument.deepCopy()
                .put("hipaaMode", c.hipaa()).toString()));
        return r;
    }

    private String pendingOrFresh(Cell cell) {
        return cell.expected().success() ? take(pendingBookings, "pending booking") : pendingBooking;
    }

    private String disputeOrFresh(Cell cell) {
        return cell.expected().success() ? take(disputes, "open dispute") : dispute;
    }

    private Call mfaVerify(Cell cell) {
        Call call = call(cell);
        if (cell.caller() == Caller.ANONYMOUS) { // a login that demands setup, completed with its session
            String email = users.signUp(Role.PROVIDER);
            String session = loginSession(email, "MFA_SETUP_REQUIRED");
            Http.Reply setup = http.post("/v1/auth/mfa/setup", null, "{\"session\":\"" + session + "\"}");
            assertThat(setup.status()).as(setup.body()).isEqualTo(200);
            return call.withBody("{\"session\":\"" + session + "\",\"code\":\"" + currentCode(setup) + "\"}");
        }
        if (cell.caller().signedIn() && cell.expected().success()) { // setup with the bearer token, then verify
            call = call.token(take(unenrolledCustomers, "customer without MFA").accessToken());
            Http.Reply setup = http.post("/v1/auth/mfa/setup", call.token(), "{}");
            assertThat(setup.status()).as(setup.body()).isEqualTo(200);
            return call.withBody("{\"code\":\"" + currentCode(setup) + "\"}");
        }
        return call.withBody("{\"code\":\"123456\"}");
    }

    private String currentCode(Http.Reply setup) {
        return totp.codeAt(setup.json().get("secret").asText(), platform.clock().now());
    }

    private static String loginSession(String email, String status) {
        Http.Reply login = http.post("/v1/auth/login", null, Users.credentials(email, Users.PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("status").asText()).isEqualTo(status);
        return login.json().get("session").asText();
    }

    private Instant slot() {
        Instant slot = nextSlot;
        nextSlot = nextSlot.plus(Duration.ofHours(3)); // the offer lasts two hours
        return slot;
    }

    private static String bookingJson(String offer, String terms, Instant startsAt) {
        return """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(offer, startsAt, terms);
    }

    private static String storeJson() {
        return "{\"name\":\"Matrix Café\",\"lat\":" + LAT + ",\"lon\":" + LON + ",\"radiusMeters\":60}";
    }

    private static String programJson(String storeId) {
        return """
                {"storeIds":["%s"],"stampsPerReward":1,"cooldownMinutes":0,"reward":"Free coffee"}""".formatted(storeId);
    }

    /** A scan in the store of a display code issued just now (codes rotate and the kill switch runs meanwhile). */
    private String scanJson() {
        Http.Reply code = http.get("/v1/stores/" + store + "/display-code", tokens.get(Caller.MERCHANT));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        return """
                {"code":"%s",%s,"deviceId":"matrix-%s"}""".formatted(code.json().get("code").asText(), AT_VENUE,
                UUID.randomUUID());
    }

    private String openStore() {
        Http.Reply opened = http.post("/v1/stores", tokens.get(Caller.MERCHANT), storeJson());
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().get("storeId").asText();
    }

    private static String freshMobile() {
        return "+491512" + NEXT_NUMBER.incrementAndGet();
    }

    // ---- fixtures -----------------------------------------------------------------------------------------

    /** How many cells of a route, in both modes, expect success (each needs a fixture of its own). */
    private static int successes(String routeKey, Caller... callers) {
        List<Caller> only = List.of(callers);
        return (int) java.util.stream.Stream.of(false, true).flatMap(h -> AccessMatrix.cells(h).stream())
                .filter(c -> c.routeKey().equals(routeKey) && c.expected().success())
                .filter(c -> only.isEmpty() || only.contains(c.caller())).count();
    }

    private void prepare() {
        // Signing up is slow on purpose (PBKDF2 for the password history): few accounts, made in parallel.
        Map<Caller, Future<Users.SignedIn>> shared = new EnumMap<>(Caller.class);
        Future<Users.SignedIn> revoked;
        Future<String> setup;
        Map<Boolean, Map<Role, Future<Users.SignedIn>>> self = new HashMap<>();
        List<Future<Users.SignedIn>> unenrolled = new ArrayList<>();
        List<Future<Users.SignedIn>> checkInProviders = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Caller caller : Caller.values()) {
                if (caller.signedIn()) {
                    shared.put(caller, pool.submit(() -> signedIn(caller.role())));
                }
            }
            revoked = pool.submit(() -> signedIn(Role.CUSTOMER));
            setup = pool.submit(() -> users.signUp(Role.PROVIDER)); // never enrolled: its logins demand MFA setup
            for (boolean hipaa : List.of(false, true)) {
                for (Role role : Role.values()) {
                    self.computeIfAbsent(hipaa, h -> new EnumMap<>(Role.class)).put(role, pool.submit(() -> signedIn(role)));
                }
            }
            for (int i = 0; i < successes("POST /v1/auth/mfa/verify", Caller.CUSTOMER); i++) {
                unenrolled.add(pool.submit(() -> signedIn(Role.CUSTOMER)));
            }
            for (int i = 0; i < successes("POST /v1/bookings/{id}/check-in"); i++) {
                checkInProviders.add(pool.submit(() -> signedIn(Role.PROVIDER)));
            }
        }
        shared.forEach((caller, user) -> {
            signedIn.put(caller, done(user));
            tokens.put(caller, done(user).accessToken());
        });
        tokens.put(Caller.ANONYMOUS, null);
        tokens.put(Caller.FORGED_TOKEN, forgedToken());
        String revokedToken = done(revoked).accessToken();
        assertThat(http.post("/v1/auth/logout", revokedToken, "").status()).isEqualTo(204);
        tokens.put(Caller.REVOKED_TOKEN, revokedToken);
        setupEmail = done(setup);
        self.forEach((hipaa, byRole) -> byRole.forEach((role, user) ->
                selfUsers.computeIfAbsent(hipaa, h -> new EnumMap<>(Role.class)).put(role, new SelfUser(done(user)))));
        unenrolled.forEach(user -> unenrolledCustomers.add(done(user)));
        // MFA challenges spend recovery codes of the enrolled non-owners (logging in ends no other session)
        for (Caller enrolled : List.of(Caller.OTHER_PROVIDER, Caller.OTHER_MERCHANT, Caller.SUPPORT)) {
            String email = signedIn.get(enrolled).email();
            users.recoveryCodesOf(email).forEach(code -> recoveryCodes.add(new String[] {email, code}));
        }
        assertThat(recoveryCodes).hasSizeGreaterThanOrEqualTo(successes("POST /v1/auth/mfa/challenge"));

        String admin = tokens.get(Caller.ADMIN);
        Http.Reply settings = http.get("/v1/admin/settings", admin);
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        settingsDocument = (ObjectNode) settings.json();
        settingsDocument.remove("effective");
        assertThat(settingsDocument.get("hipaaMode").asBoolean()).isFalse();

        prepareBookings(checkInProviders.stream().map(p -> done(p).accessToken()).toList());
        prepareLoyalty();
        prepareVerification(admin);
    }

    private static <T> T done(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof AssertionError e ? e : new AssertionError(failed.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Users.SignedIn signedIn(Role role) {
        return users.signIn(role == Role.ADMIN || role == Role.SUPPORT ? users.create(role) : users.signUp(role));
    }

    /** @param checkInProviders one provider per check-in that completes its booking */
    private void prepareBookings(List<String> checkInProviders) {
        String customer = tokens.get(Caller.CUSTOMER);
        String provider = tokens.get(Caller.PROVIDER);
        Http.Reply offer = http.post("/v1/offers", provider, OffersEndToEndTest.offerJson(12000));
        assertThat(offer.status()).as(offer.body()).isEqualTo(201);
        offerId = offer.json().get("offerId").asText();
        termsVersion = offer.json().get("termsVersion").asText();
        Http.Reply toEdit = http.post("/v1/offers", provider, OffersEndToEndTest.offerJson(9000));
        assertThat(toEdit.status()).as(toEdit.body()).isEqualTo(201);
        offerToEdit = toEdit.json().get("offerId").asText();

        nextSlot = platform.clock().now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        int pending = 1 + successes("POST /v1/bookings/{id}/accept") + successes("POST /v1/bookings/{id}/decline")
                + successes("POST /v1/bookings/{id}/cancel");
        int openDisputes = successes("POST /v1/disputes/{id}/objection") + successes("POST /v1/disputes/{id}/concede")
                + successes("POST /v1/admin/disputes/{id}/resolve");
        int accepted = 2 + successes("POST /v1/bookings/{id}/disputes") + openDisputes;
        int checkIns = successes("POST /v1/bookings/{id}/check-in");

        List<String> toAccept = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < pending; i++) {
            String id = book(customer, offerId, termsVersion, slot());
            all.add(id);
            pendingBookings.add(id);
        }
        for (int i = 0; i < accepted; i++) {
            String id = book(customer, offerId, termsVersion, slot());
            all.add(id);
            toAccept.add(id);
        }
        // Bookings in their check-in window: ten minutes, starting in two, so the window (from 30 minutes before
        // the start) is open already. A provider's bookings take 30-minute buckets of their time, so each check-in
        // that completes its booking gets a provider of its own; the shared one is PROVIDER's.
        Instant soon = platform.clock().now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
        List<String> inWindowIds = new ArrayList<>();
        List<String> inWindowProviders = new ArrayList<>();
        for (int i = 0; i <= checkIns; i++) {
            String owner = i == 0 ? provider : checkInProviders.get(i - 1);
            Http.Reply shortOffer = http.post("/v1/offers", owner,
                    OffersEndToEndTest.offerJson(5000).replace("\"durationMinutes\":120", "\"durationMinutes\":10"));
            assertThat(shortOffer.status()).as(shortOffer.body()).isEqualTo(201);
            String id = book(customer, shortOffer.json().get("offerId").asText(),
                    shortOffer.json().get("termsVersion").asText(), soon);
            all.add(id);
            inWindowIds.add(id);
            inWindowProviders.add(owner);
        }
        for (String id : all) {
            BookingEndToEndTest.awaitBooking(customer, id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        }
        for (String id : toAccept) {
            Http.Reply reply = http.post("/v1/bookings/" + id + "/accept", provider, "");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        for (int i = 0; i < inWindowIds.size(); i++) {
            Http.Reply reply = http.post("/v1/bookings/" + inWindowIds.get(i) + "/accept", inWindowProviders.get(i), "");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            if (i > 0) {
                bookingsInWindow.add(new String[] {inWindowIds.get(i), inWindowProviders.get(i)});
            }
        }
        pendingBooking = pendingBookings.poll();
        bookingInWindow = inWindowIds.getFirst();
        acceptedBooking = toAccept.getFirst();
        String disputed = toAccept.get(1);
        List<String> forDisputes = toAccept.subList(2, 2 + openDisputes);
        acceptedBookings.addAll(toAccept.subList(2 + openDisputes, accepted));

        changeRequest = requestChange(customer);
        int changes = successes("POST /v1/bookings/{id}/change-requests/{cid}/accept")
                + successes("POST /v1/bookings/{id}/change-requests/{cid}/reject");
        for (int i = 0; i < changes; i++) {
            changeRequests.add(requestChange(customer));
        }
        dispute = fileDispute(customer, disputed);
        for (String id : forDisputes) {
            disputes.add(fileDispute(customer, id));
        }
    }

    private static String book(String customer, String offer, String terms, Instant startsAt) {
        Http.Reply reply = http.post("/v1/bookings", customer, bookingJson(offer, terms, startsAt),
                Map.of("idempotency-key", UUID.randomUUID().toString()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().get("bookingId").asText();
    }

    private String requestChange(String customer) {
        Http.Reply reply = http.post("/v1/bookings/" + acceptedBooking + "/change-requests", customer,
                "{\"kind\":\"LOCATION\",\"text\":\"Meet at the station instead\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("changeRequestId").asText();
    }

    private static String fileDispute(String customer, String bookingId) {
        Http.Reply reply = http.post("/v1/bookings/" + bookingId + "/disputes", customer,
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"Matrix dispute\",\"evidence\":[]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("disputeId").asText();
    }

    private void prepareLoyalty() {
        store = openStore();
        Http.Reply program = http.post("/v1/loyalty/programs", tokens.get(Caller.MERCHANT), programJson(store));
        assertThat(program.status()).as(program.body()).isEqualTo(201);
        programId = program.json().get("programId").asText();
        freeStore = openStore();
    }

    /** A verification of the customer, confirmed with the code the call read out: confirming again answers 200. */
    private void prepareVerification(String admin) {
        Http.Reply policy = http.put("/v1/admin/verification-policy", admin,
                VerificationEndToEndTest.POLICY.formatted(true, true));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        String phone = freshMobile();
        Http.Reply started = http.post("/v1/verifications", tokens.get(Caller.CUSTOMER),
                "{\"phone\":\"" + phone + "\",\"paymentMethod\":\"invoice\",\"basketCents\":15000}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        verificationId = started.json().get("verificationId").asText();
        Http.Reply confirmed = http.post("/v1/verifications/" + verificationId + "/confirm", tokens.get(Caller.CUSTOMER),
                "{\"code\":\"" + spokenCode(phone) + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    }

    private static String spokenCode(String phone) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (Outbox.Message message : platform.outbox().to(phone)) {
                Matcher digits = SPOKEN_CODE.matcher(message.text());
                if (message.channel().equals("voice") && digits.find()) {
                    return digits.group(1) + digits.group(2) + digits.group(3) + digits.group(4);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no call reached " + phone);
    }

    /** Switches HIPAA mode and waits out the handlers' settings cache (30 s on the platform clock). */
    private void hipaaMode(boolean on) {
        Http.Reply reply = http.put("/v1/admin/settings", tokens.get(Caller.ADMIN),
                settingsDocument.deepCopy().put("hipaaMode", on).toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(http.post("/local/clock/advance", null, "{\"seconds\":61}").status()).isEqualTo(200);
    }

    /** A well-formed access token claiming the admin group, signed by nobody the gateway trusts. */
    private static String forgedToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode payload = Json.object().put("sub", UUID.randomUUID().toString())
                .put("jti", UUID.randomUUID().toString()).put("token_use", "access")
                .put("scope", String.join(" ", RouteDef.JWT_SCOPES))
                .put("exp", Instant.now().plus(Duration.ofDays(1)).getEpochSecond());
        payload.putArray("cognito:groups").add("admin");
        JsonNode header = Json.object().put("alg", "RS256").put("kid", "forged").put("typ", "JWT");
        return b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("not a signature".getBytes(StandardCharsets.UTF_8));
    }
}
