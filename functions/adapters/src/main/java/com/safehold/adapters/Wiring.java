package com.safehold.adapters;

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
        return new DynamoDbBookingStore(d.dynamoDb(), d.tableName(Tables.BOOKINGS), d.tableName(Tables.SLOTS),
                d.tableName(Tables.LEDGER), d.fieldCipher());
    }

    public static BookingService bookings(Deployment d, DynamoDbBookingStore store, SettingsSource settings) {
        return new BookingService(store, new DynamoDbOfferStore(d.dynamoDb(), d.tableName(Tables.OFFERS)), settings,
                new TotpCodes(), d.commandRelay(), d.notifier(), d.clock());
    }

    public static DisputeService disputes(Deployment d, DynamoDbBookingStore store, SettingsSource settings) {
        return new DisputeService(store,
                new DynamoDbSafetyStore(d.dynamoDb(), d.tableName(Tables.MESSAGES), d.tableName(Tables.CHANGE_REQUESTS),
                        d.tableName(Tables.DISPUTES), store, d.fieldCipher()),
                settings, d.commandRelay(), d.notifier(), d.ids(), d.clock());
    }
}
