package com.safehold.catalog;

import static com.safehold.catalog.FunctionDef.Access.READ;
import static com.safehold.catalog.FunctionDef.Access.READ_WRITE;

import java.util.List;
import com.safehold.catalog.FunctionDef.Capability;
import java.util.Map;
import java.util.Set;

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
            Set.of());

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
            Set.of(Capability.FIELD_CIPHER, Capability.ACCOUNT_ADMINISTRATION, Capability.BLIND_INDEX));

    /** Booking requests and what the parties do with them (SPEC 4.4). Never moves money itself. */
    public static final FunctionDef BOOKING = new FunctionDef(
            "booking",
            "com.safehold.booking.BookingApiHandler",
            1024,
            10,
            Map.of(Tables.BOOKINGS, READ_WRITE,
                    Tables.SLOTS, READ_WRITE,
                    Tables.LEDGER, READ,
                    Tables.OFFERS, READ,
                    Tables.USERS, READ,
                    Tables.SETTINGS, READ,
                    Tables.SESSIONS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            Set.of(Capability.FIELD_CIPHER, Capability.EVENTS));

    /**
     * The timer sweep (every minute): provider deadlines, unclaimed escrow, and commands to relay again.
     * Lives in the booking module: it runs the same booking rules.
     */
    public static final FunctionDef TIMERS = new FunctionDef(
            "timers",
            "com.safehold.booking.BookingTimersHandler",
            1024,
            60,
            Map.of(Tables.BOOKINGS, READ_WRITE,
                    Tables.SLOTS, READ_WRITE,
                    Tables.OFFERS, READ,
                    Tables.SETTINGS, READ,
                    Tables.DISPUTES, READ_WRITE,
                    Tables.MESSAGES, READ,
                    Tables.CHANGE_REQUESTS, READ),
            Set.of(Capability.FIELD_CIPHER, Capability.EVENTS),
            "booking");

    /** The escrow worker: the only writer of money (SPEC 4.4), one FIFO message group per booking. */
    public static final FunctionDef ESCROW = new FunctionDef(
            "escrow",
            "com.safehold.escrow.EscrowWorkerHandler",
            1024,
            30,
            Map.of(Tables.BOOKINGS, READ_WRITE,
                    Tables.SLOTS, READ_WRITE,
                    Tables.LEDGER, READ_WRITE,
                    Tables.SETTINGS, READ),
            Set.of(Capability.FIELD_CIPHER, Capability.EVENTS, Capability.PAYMENTS));

    /** Messages, change requests and disputes (SPEC 4.5, 4.6). Money effects go to the escrow worker. */
    public static final FunctionDef DISPUTE = new FunctionDef(
            "dispute",
            "com.safehold.dispute.DisputeApiHandler",
            1024,
            10,
            Map.of(Tables.MESSAGES, READ_WRITE,
                    Tables.CHANGE_REQUESTS, READ_WRITE,
                    Tables.DISPUTES, READ_WRITE,
                    Tables.BOOKINGS, READ_WRITE,
                    Tables.SLOTS, READ_WRITE,
                    Tables.SETTINGS, READ,
                    Tables.SESSIONS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            Set.of(Capability.FIELD_CIPHER, Capability.EVENTS));

    /**
     * The caller's personal data (SPEC 4.7): export and erasure. Reads what the other functions wrote about
     * the caller (through indexes by person, never scans); writes only the caller's own account, profile,
     * sessions and data key, and deletes the caller's own offers and stores at erasure.
     */
    public static final FunctionDef PRIVACY = new FunctionDef(
            "privacy",
            "com.safehold.privacy.PrivacyApiHandler",
            1024,
            30,
            Map.ofEntries(Map.entry(Tables.USERS, READ_WRITE),
                    Map.entry(Tables.ACCOUNTS, READ_WRITE),
                    Map.entry(Tables.SESSIONS, READ_WRITE),
                    Map.entry(Tables.BOOKINGS, READ),
                    Map.entry(Tables.MESSAGES, READ),
                    Map.entry(Tables.CHANGE_REQUESTS, READ),
                    Map.entry(Tables.DISPUTES, READ),
                    Map.entry(Tables.SETTINGS, READ),
                    Map.entry(Tables.IDEMPOTENCY, READ_WRITE),
                    Map.entry(Tables.OFFERS, READ_WRITE),
                    Map.entry(Tables.STORES, READ_WRITE),
                    Map.entry(Tables.CARDS, READ),
                    Map.entry(Tables.SCANS, READ),
                    Map.entry(Tables.VERIFICATIONS, READ)),
            Set.of(Capability.FIELD_CIPHER, Capability.ACCOUNT_DELETION));

    /**
     * Loyalty (SPEC 4.9): merchants' stores, programs and codes, and the customers' scans, cards and rewards.
     * Scan validation is its hot path.
     */
    public static final FunctionDef SCAN = new FunctionDef(
            "scan",
            "com.safehold.scan.ScanApiHandler",
            1024,
            10,
            Map.of(Tables.STORES, READ_WRITE,
                    Tables.PROGRAMS, READ_WRITE,
                    Tables.RECEIPT_CODES, READ_WRITE,
                    Tables.CARDS, READ_WRITE,
                    Tables.COOLDOWNS, READ_WRITE,
                    Tables.SCANS, READ_WRITE,
                    Tables.SETTINGS, READ,
                    Tables.SESSIONS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            Set.of(Capability.FIELD_CIPHER));

    /**
     * Phone verification (SPEC 4.8): the operator's policy, starting and confirming verifications, and the
     * payment methods a customer may use. Queues the calls; never places one itself.
     */
    public static final FunctionDef VERIFICATION = new FunctionDef(
            "verification",
            "com.safehold.verification.VerificationApiHandler",
            1024,
            10,
            Map.of(Tables.VERIFICATIONS, READ_WRITE,
                    Tables.CALL_LIMITS, READ_WRITE,
                    Tables.USERS, READ_WRITE,
                    Tables.SETTINGS, READ_WRITE,
                    Tables.SESSIONS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            Set.of(Capability.FIELD_CIPHER, Capability.BLIND_INDEX));

    /** The verification worker: places each queued call with SMS & Voice v2 (SPEC 4.8). */
    public static final FunctionDef CALLS = new FunctionDef(
            "calls",
            "com.safehold.verification.VerificationCallsHandler",
            512,
            30,
            Map.of(Tables.VERIFICATIONS, READ_WRITE),
            Set.of(Capability.FIELD_CIPHER, Capability.VOICE_CALLS),
            "verification");

    /** Clean history (SPEC 4.10): providers' retention and archive export, and the purge reports for admins. */
    public static final FunctionDef HISTORY = new FunctionDef(
            "history",
            "com.safehold.history.HistoryApiHandler",
            1024,
            29,
            Map.of(Tables.BOOKINGS, READ,
                    Tables.MESSAGES, READ,
                    Tables.CHANGE_REQUESTS, READ,
                    Tables.DISPUTES, READ,
                    Tables.RETENTION, READ_WRITE,
                    Tables.PURGE_RUNS, READ,
                    Tables.SETTINGS, READ,
                    Tables.SESSIONS, READ,
                    Tables.IDEMPOTENCY, READ_WRITE),
            Set.of(Capability.FIELD_CIPHER),
            "history");

    /**
     * The daily purge (SPEC 4.10): deletes what is personal about bookings past their retention, keeps the
     * pseudonymised accounting records. Works in batches within its 15-minute limit; the next run goes on.
     */
    public static final FunctionDef PURGE = new FunctionDef(
            "purge",
            "com.safehold.history.PurgeHandler",
            1024,
            900,
            Map.of(Tables.BOOKINGS, READ_WRITE,
                    Tables.LEDGER, READ_WRITE,
                    Tables.MESSAGES, READ_WRITE,
                    Tables.CHANGE_REQUESTS, READ_WRITE,
                    Tables.DISPUTES, READ_WRITE,
                    Tables.RETENTION, READ,
                    Tables.PURGE_RUNS, READ_WRITE,
                    Tables.SETTINGS, READ),
            Set.of(Capability.FIELD_CIPHER),
            "history");

    public static final List<FunctionDef> ALL = List.of(OFFERS, AUTH, BOOKING, TIMERS, ESCROW, DISPUTE, PRIVACY, SCAN,
            VERIFICATION, CALLS, HISTORY, PURGE);

    private Functions() {}
}
