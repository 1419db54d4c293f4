package com.safehold.privacy;

import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbAccountStore;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbLoyaltyStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.DynamoDbVerificationStore;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.UserId;
import com.safehold.domain.privacy.PrivacyService;

/**
 * Lambda function {@code privacy} (SPEC 4.7): {@code GET /v1/me/export} returns the caller's personal data,
 * {@code DELETE /v1/me} erases the caller. Thin: the caller is the token's subject, never a parameter, so
 * nobody can reach anyone else's data here.
 */
public final class PrivacyApiHandler extends ApiHandler {

    private final PrivacyService privacy;

    public PrivacyApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public PrivacyApiHandler(Deployment deployment) {
        super(Functions.PRIVACY, deployment);
        this.privacy = service(deployment);
        route("GET /v1/me/export", this::export);
        route("DELETE /v1/me", this::erase);
        requireAllRoutesRegistered();
    }

    /** The use cases over the deployment's stores. */
    static PrivacyService service(Deployment d) {
        DynamoDbBookingStore bookings = Wiring.bookingStore(d);
        return new PrivacyService(d.clock(),
                new DynamoDbProfileDirectory(d.dynamoDb(), d.tableName(Tables.USERS)),
                new DynamoDbAccountStore(d.dynamoDb(), d.tableName(Tables.ACCOUNTS), d.fieldCipher()),
                new DynamoDbSessionStore(d.dynamoDb(), d.tableName(Tables.SESSIONS)),
                d.identityProvider(),
                bookings,
                Wiring.safetyStore(d, bookings),
                d.cryptoShredder(),
                new DynamoDbOfferStore(d.dynamoDb(), d.tableName(Tables.OFFERS)),
                // only stores, cards and scans: the programs, receipt codes and cooldowns hold nothing of a person's
                new DynamoDbLoyaltyStore(d.dynamoDb(), d.tableName(Tables.STORES), null, null,
                        d.tableName(Tables.CARDS), null, d.tableName(Tables.SCANS), d.fieldCipher()),
                // only reads verifications: no call limits, no trust flag
                new DynamoDbVerificationStore(d.dynamoDb(), d.tableName(Tables.VERIFICATIONS), null, null,
                        d.fieldCipher()));
    }

    private ApiResponse export(ApiRequest request) {
        UserId caller = request.caller().userId();
        return ApiResponse.json(200, PrivacyJson.export(caller, privacy.export(caller)))
                .withHeader("cache-control", "no-store");
    }

    private ApiResponse erase(ApiRequest request) {
        privacy.erase(request.caller().userId());
        return ApiResponse.noContent();
    }
}
