package com.safehold.offers;

import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Caller;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.OfferService;

/**
 * Lambda function {@code offers}: providers publish and change offers, anyone signed in reads them
 * (SPEC 4.3). Thin: parse, authorize (in the use case), call {@link OfferService}, map.
 */
public final class OffersApiHandler extends ApiHandler {

    private final OfferService offers;

    /** Used by Lambda: everything from the environment, built once per execution environment. */
    public OffersApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    /** Used by the local platform and tests. */
    public OffersApiHandler(Deployment deployment) {
        super(Functions.OFFERS, deployment);
        this.offers = new OfferService(
                new DynamoDbOfferStore(deployment.dynamoDb(), deployment.tableName(Tables.OFFERS)),
                new DynamoDbProfileDirectory(deployment.dynamoDb(), deployment.tableName(Tables.USERS)),
                settings, // the fee preview follows the platform settings through the handler's 30-second cache
                deployment.clock(),
                deployment.ids());
        route("POST /v1/offers", this::create);
        route("PUT /v1/offers/{id}", this::replace);
        route("GET /v1/offers/{id}", this::read);
        requireAllRoutesRegistered();
    }

    private ApiResponse create(ApiRequest request) {
        // the key (when sent) also derives the offer id, so a create repeated after a lost answer finds its offer
        Offer offer = offers.create(request.caller(), OfferJson.draft(request.body()),
                request.header("Idempotency-Key").orElse(null));
        return ApiResponse.json(201, OfferJson.created(offer))
                .withHeader("location", "/v1/offers/" + offer.offerId());
    }

    private ApiResponse replace(ApiRequest request) {
        Caller caller = request.caller();
        Offer offer = offers.update(caller, request.pathParameter("id"), OfferJson.draft(request.body()));
        return ApiResponse.json(200, OfferJson.view(offers.view(offer.offerId())));
    }

    private ApiResponse read(ApiRequest request) {
        request.caller(); // any signed-in user
        return ApiResponse.json(200, OfferJson.view(offers.view(request.pathParameter("id"))));
    }
}
