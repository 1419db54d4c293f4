package com.safehold.booking;

import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.settings.SettingsSource;

/** The booking rules wired to a deployment: one place for the API handler and the timer sweep. */
final class BookingWiring {

    private BookingWiring() {}

    static BookingStore store(Deployment deployment) {
        return new DynamoDbBookingStore(deployment.dynamoDb(), deployment.tableName(Tables.BOOKINGS),
                deployment.tableName(Tables.SLOTS), deployment.tableName(Tables.LEDGER), deployment.fieldCipher());
    }

    static BookingService service(Deployment deployment, BookingStore store, SettingsSource settings) {
        return new BookingService(store,
                new DynamoDbOfferStore(deployment.dynamoDb(), deployment.tableName(Tables.OFFERS)),
                settings, new TotpCodes(), deployment.commandRelay(), deployment.notifier(), deployment.clock());
    }
}
