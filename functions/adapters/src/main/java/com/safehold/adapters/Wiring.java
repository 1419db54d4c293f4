package com.safehold.adapters;

import com.safehold.adapters.dynamodb.DynamoDbPolicyStore;
import com.safehold.adapters.dynamodb.DynamoDbPurgeStore;
import com.safehold.adapters.dynamodb.DynamoDbSafetyStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.domain.common.Cached;
import com.safehold.domain.settings.CachedSettingsSource;
import com.safehold.domain.verification.PaymentRules;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbSafetyStore;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.disputes.DisputeService;
import com.safehold.domain.settings.SettingsSource;

/**
 * The booking and dispute use cases wired to a deployment, in one place for every function that runs them
 * (the booking and dispute APIs, and the timer sweep that fires both kinds of timers).
 */
public final class Wiring {

    private Wiring() {}

    public static DynamoDbBookingStore bookingStore(Deployment d) {
        // slots and ledger are resolved when first used: not every function that reads bookings has them
        return new DynamoDbBookingStore(d.dynamoDb(), d.tableName(Tables.BOOKINGS), () -> d.tableName(Tables.SLOTS),
                () -> d.tableName(Tables.LEDGER), d.fieldCipher());
    }

    /** @param gate what the customer may pay with ({@link #paymentRules}); functions that never create bookings pass OPEN */
    public static BookingService bookings(Deployment d, DynamoDbBookingStore store, SettingsSource settings,
            BookingService.PaymentGate gate) {
        return new BookingService(store, new DynamoDbOfferStore(d.dynamoDb(), d.tableName(Tables.OFFERS)), settings,
                new TotpCodes(), d.commandRelay(), d.notifier(), d.clock(), gate);
    }

    /**
     * What a customer may pay with (the verification policy, SPEC 4.8), the policy read through a 30-second
     * cache like the platform settings: a booking costs no extra read.
     */
    public static PaymentRules paymentRules(Deployment d) {
        DynamoDbPolicyStore policies = new DynamoDbPolicyStore(d.dynamoDb(), d.tableName(Tables.SETTINGS));
        return new PaymentRules(new Cached<>(policies::current, d.clock(), CachedSettingsSource.DEFAULT_TTL),
                new DynamoDbProfileDirectory(d.dynamoDb(), d.tableName(Tables.USERS)));
    }

    /** The purge's store over the shared booking and safety stores (the purge and the history API). */
    public static DynamoDbPurgeStore purgeStore(Deployment d) {
        DynamoDbBookingStore bookings = bookingStore(d);
        return new DynamoDbPurgeStore(d.dynamoDb(), bookings, safetyStore(d, bookings),
                d.tableName(Tables.RETENTION), d.tableName(Tables.PURGE_RUNS));
    }

    public static DynamoDbSafetyStore safetyStore(Deployment d, DynamoDbBookingStore bookings) {
        return new DynamoDbSafetyStore(d.dynamoDb(), d.tableName(Tables.MESSAGES), d.tableName(Tables.CHANGE_REQUESTS),
                d.tableName(Tables.DISPUTES), bookings, d.fieldCipher());
    }

    public static DisputeService disputes(Deployment d, DynamoDbBookingStore store, SettingsSource settings) {
        return new DisputeService(store, safetyStore(d, store), settings, d.commandRelay(), d.notifier(), d.ids(), d.clock());
    }
}
