package com.safehold.booking;

import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.api.BookingViews;
import com.safehold.api.IdempotentRequests.Replay;
import com.safehold.api.JsonFields;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.UserId;
import com.safehold.domain.users.ProfileDirectory;

/**
 * Lambda function {@code booking} (SPEC 4.4): requests, the provider's answer, check-in, cancellation, and the
 * booking and its ledger for its parties. Money moves only in the escrow worker; this handler records the
 * commands with each change.
 */
public final class BookingApiHandler extends ApiHandler {

    private final BookingService bookings;
    private final BookingStore store;
    private final ProfileDirectory profiles;

    public BookingApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public BookingApiHandler(Deployment deployment) {
        super(Functions.BOOKING, deployment);
        // Only this function creates bookings: it checks in each creation that neither party is being erased.
        DynamoDbBookingStore bookingStore = Wiring.bookingStore(deployment)
                .withErasureFence(deployment.tableName(Tables.USERS));
        this.store = bookingStore;
        this.bookings = Wiring.bookings(deployment, bookingStore, settings, Wiring.paymentRules(deployment));
        this.profiles = new DynamoDbProfileDirectory(deployment.dynamoDb(), deployment.tableName(Tables.USERS));
        // SPEC 3: the key is required here, and the booking id is derived from it (BookingService.request).
        route("POST /v1/bookings", Replay.RESPONSE_KEY_REQUIRED, this::request);
        route("GET /v1/bookings/{id}", this::read);
        route("GET /v1/bookings/{id}/ledger", this::ledger);
        route("POST /v1/bookings/{id}/accept", r -> view(r, bookings.accept(r.caller(), r.pathParameter("id"))));
        route("POST /v1/bookings/{id}/decline", r -> view(r, bookings.decline(r.caller(), r.pathParameter("id"))));
        route("GET /v1/bookings/{id}/check-in-code", r -> ApiResponse.json(200,
                BookingJson.checkInCode(bookings.checkInCode(r.caller(), r.pathParameter("id")))));
        route("POST /v1/bookings/{id}/check-in", this::checkIn);
        route("POST /v1/bookings/{id}/cancel", this::cancel);
        requireAllRoutesRegistered();
    }

    /** Runs once per key: the base class replays a repeat (decision 0022) and has checked the key is there. */
    private ApiResponse request(ApiRequest request) {
        Booking booking = bookings.request(request.caller(), BookingJson.request(request.body()),
                request.header("Idempotency-Key").orElseThrow());
        return ApiResponse.json(202, BookingJson.created(booking))
                .withHeader("location", "/v1/bookings/" + booking.bookingId());
    }

    private ApiResponse read(ApiRequest request) {
        return view(request, bookings.visible(request.caller(), request.pathParameter("id")));
    }

    private ApiResponse ledger(ApiRequest request) {
        Booking booking = bookings.visible(request.caller(), request.pathParameter("id"));
        return ApiResponse.json(200, BookingJson.ledger(
                store.ledger(booking.bookingId(), booking.amounts().currency()), booking.bookingId()));
    }

    private ApiResponse checkIn(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        String code = body.string("code");
        Double lat = body.optionalNumber("lat");
        Double lon = body.optionalNumber("lon");
        Double accuracy = body.optionalNumber("accuracyMeters");
        body.finish();
        return view(request, bookings.checkIn(caller, request.pathParameter("id"), code, lat, lon, accuracy));
    }

    private ApiResponse cancel(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.optionalBody();
        Boolean acknowledge = body.optionalBoolean("acknowledgeLateFee");
        body.finish();
        return view(request, bookings.cancel(caller, request.pathParameter("id"), Boolean.TRUE.equals(acknowledge)));
    }

    /** The booking as its viewer sees it: the other party by pseudonym and trust only. */
    private ApiResponse view(ApiRequest request, Booking booking) {
        UserId viewer = request.caller().userId();
        UserId other = booking.customerId().equals(viewer) ? booking.providerId() : booking.customerId();
        return ApiResponse.json(200, BookingViews.view(booking, profiles.find(other).orElse(null)));
    }
}
