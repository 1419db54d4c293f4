package com.safehold.catalog;

import com.safehold.catalog.TableDef.IndexDef;
import java.util.List;

/**
 * Every DynamoDB table. One table per aggregate, so that each function's IAM policy can name exactly the
 * tables it touches (docs/decisions/0002-table-design.md).
 */
public final class Tables {

    /** Offers by id. Written by the offers function, read by booking (later). */
    public static final TableDef OFFERS = new TableDef("offers", "offerId", null,
            List.of(new IndexDef("byProvider", "providerId", "offerId")), null);

    /** Public profile of every account (pseudonym, trust counters) by Cognito {@code sub}. */
    public static final TableDef USERS = new TableDef("users", "userId", null, List.of(), null);

    /** Platform settings (SPEC 4.2), one item per settings document. */
    public static final TableDef SETTINGS = new TableDef("settings", "settingsId", null, List.of(), null);

    /** Idempotency-Key records (SPEC 3), removed by TTL after at least 24 hours. */
    public static final TableDef IDEMPOTENCY = new TableDef("idempotency", "recordId", null, List.of(), "expiresAt");

    /**
     * Security record of every account by {@code sub}: role, encrypted TOTP secret, hashed recovery codes,
     * password history. Only the auth function reads it.
     */
    public static final TableDef ACCOUNTS = new TableDef("accounts", "userId", null, List.of(), null);

    /**
     * The state of logging in, all short-lived: lockout counters ({@code guard#...}), trusted devices
     * ({@code device#...}) and logins waiting for their second factor ({@code pending#...}). Only the auth
     * function reads it.
     */
    public static final TableDef LOGIN_STATE = new TableDef("login-state", "stateKey", null, List.of(), "expiresAt");

    /**
     * The session registry: sessions by refresh-token hash ({@code session#...}) and the access tokens
     * issued in them by {@code jti} ({@code token#...}); {@code byUser} finds them all for logout. Every API
     * function reads it to refuse revoked and over-age tokens.
     */
    public static final TableDef SESSIONS = new TableDef("sessions", "sessionKey", null,
            List.of(new IndexDef("byUser", "userId", "sessionKey")), "expiresAt");

    /**
     * Bookings by id. The sparse index {@code due} ({@code dueShard}, {@code dueAt}) lists only bookings with a
     * timer or an unconfirmed escrow command, so the timer sweep reads what is due and nothing else;
     * {@code byCustomer} and {@code byProvider} list a person's bookings (export, erasure). The sparse
     * {@code purge} ({@code purgeShard}, {@code purgeAt} = the slot's end) and {@code purgeByProvider}
     * ({@code purgeProvider}, {@code purgeAt}) list bookings not yet purged by when they ended, so the purge
     * reads what is due and nothing else. A purged booking is an accounting record that expires after 10
     * years ({@code expiresAt}).
     */
    public static final TableDef BOOKINGS = new TableDef("bookings", "bookingId", null,
            List.of(new IndexDef("due", "dueShard", "dueAt"),
                    new IndexDef("byCustomer", "customerId", "bookingId"),
                    new IndexDef("byProvider", "providerId", "bookingId"),
                    new IndexDef("purge", "purgeShard", "purgeAt"),
                    new IndexDef("purgeByProvider", "purgeProvider", "purgeAt")), "expiresAt");

    /** A provider's taken time slots ({@code <provider>#<30-minute bucket>}), claimed in the booking's transaction. */
    public static final TableDef SLOTS = new TableDef("slots", "slotKey", null, List.of(), null);

    /** Every booking's hash-chained double-entry ledger ({@code seq} zero-padded, so it sorts). */
    public static final TableDef LEDGER = new TableDef("ledger", "bookingId", "seq", List.of(), "expiresAt");

    /** Messages between a booking's parties (text field-encrypted), by booking and time. */
    public static final TableDef MESSAGES = new TableDef("messages", "bookingId", "messageKey", List.of(), null);

    /** Change requests of a booking (text field-encrypted). */
    public static final TableDef CHANGE_REQUESTS = new TableDef("change-requests", "bookingId", "changeRequestId",
            List.of(), null);

    /**
     * Disputes by id; the sparse {@code due} index lists open objection windows for the timer sweep,
     * {@code byBooking} a booking's disputes (export).
     */
    public static final TableDef DISPUTES = new TableDef("disputes", "disputeId", null,
            List.of(new IndexDef("due", "dueShard", "dueAt"), new IndexDef("byBooking", "bookingId", "disputeId")), null);

    /**
     * Each person's data key, wrapped by KMS, by user id; after erasure only a tombstone (SPEC 4.7). No
     * backups: destroying a key here must make every copy of the person's fields unreadable, and a backup of
     * this table would bring the key back (docs/decisions/0011-per-person-keys.md).
     */
    public static final TableDef KEYS = new TableDef("keys", "owner", null, List.of(), null, false);

    /** Merchants' stores (SPEC 4.9): position, radius, code epoch, the signing secret (field-encrypted), program rules. */
    public static final TableDef STORES = new TableDef("stores", "storeId", null,
            List.of(new IndexDef("byMerchant", "merchantId", "storeId")), null);

    /** Loyalty programs by id. */
    public static final TableDef PROGRAMS = new TableDef("programs", "programId", null, List.of(), null);

    /** One-time receipt codes by the SHA-256 of the code (never the code), kept 30 days past their expiry. */
    public static final TableDef RECEIPT_CODES = new TableDef("receipt-codes", "codeHash", null, List.of(), "expiresAt");

    /** Stamp cards by customer and program. */
    public static final TableDef CARDS = new TableDef("cards", "customerId", "programId", List.of(), null);

    /** Scan cooldowns per program and customer ({@code c#…}) or device ({@code d#…}), gone by TTL when over. */
    public static final TableDef COOLDOWNS = new TableDef("cooldowns", "cooldownKey", null, List.of(), "expiresAt");

    /** Per store: the counters of scan outcomes ({@code stats}) and every scan's record for 90 days. */
    public static final TableDef SCANS = new TableDef("scans", "storeId", "scanKey",
            List.of(new IndexDef("byCustomer", "customerId", "scanKey")), "expiresAt");

    /**
     * Phone verifications (SPEC 4.8) by id: the number field-encrypted, the code only as a keyed hash; kept
     * 30 days past expiry, then TTL.
     */
    public static final TableDef VERIFICATIONS = new TableDef("verifications", "verificationId", null,
            List.of(new IndexDef("byCustomer", "customerId", "verificationId")), "expiresAt");

    /** Call counters per number and day, customer and day, number and minute; gone by TTL with their window. */
    public static final TableDef CALL_LIMITS = new TableDef("call-limits", "limitKey", null, List.of(), "expiresAt");

    /** Providers' shorter retention periods (SPEC 4.10), all under {@code scope = providers}: one query lists them. */
    public static final TableDef RETENTION = new TableDef("retention", "scope", "providerId", List.of(), null);

    /** Purge run reports under {@code scope = runs}, newest last by {@code runKey} (start time + id). */
    public static final TableDef PURGE_RUNS = new TableDef("purge-runs", "scope", "runKey", List.of(), "expiresAt");

    public static final List<TableDef> ALL = List.of(OFFERS, USERS, SETTINGS, IDEMPOTENCY, ACCOUNTS, LOGIN_STATE,
            SESSIONS, BOOKINGS, SLOTS, LEDGER, MESSAGES, CHANGE_REQUESTS, DISPUTES, KEYS, STORES, PROGRAMS,
            RECEIPT_CODES, CARDS, COOLDOWNS, SCANS, VERIFICATIONS, CALL_LIMITS, RETENTION, PURGE_RUNS);

    private Tables() {}
}
