package com.safehold.catalog;

import java.util.List;

/**
 * Every DynamoDB table. One table per aggregate, so that each function's IAM policy can name exactly the
 * tables it touches (docs/decisions/0002-table-design.md).
 */
public final class Tables {

    /** Offers by id. Written by the offers function, read by booking (later). */
    public static final TableDef OFFERS = new TableDef("offers", "offerId", null, List.of(), null);

    /** Public profile of every account (pseudonym, trust counters) by Cognito {@code sub}. */
    public static final TableDef USERS = new TableDef("users", "userId", null, List.of(), null);

    /** Platform settings (SPEC 4.2), one item per settings document. */
    public static final TableDef SETTINGS = new TableDef("settings", "settingsId", null, List.of(), null);

    /** Idempotency-Key records (SPEC 3), removed by TTL after at least 24 hours. */
    public static final TableDef IDEMPOTENCY = new TableDef("idempotency", "recordId", null, List.of(), "expiresAt");

    public static final List<TableDef> ALL = List.of(OFFERS, USERS, SETTINGS, IDEMPOTENCY);

    private Tables() {}
}
