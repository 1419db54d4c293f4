package com.safehold.dispute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.api.DisputeViews;
import com.safehold.api.IdempotentRequests.Replay;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.catalog.Functions;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.Caller;
import com.safehold.domain.disputes.ChangeKind;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.DisputeReason;
import com.safehold.domain.disputes.DisputeService;
import com.safehold.domain.disputes.Evidence;
import com.safehold.domain.disputes.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda function {@code dispute} (SPEC 4.5, 4.6): messages and change requests between a booking's
 * pseudonymous parties, and disputes with their evidence bundle. Thin: parse, call {@link DisputeService}, map.
 */
public final class DisputeApiHandler extends ApiHandler {

    private final DisputeService disputes;

    public DisputeApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public DisputeApiHandler(Deployment deployment) {
        super(Functions.DISPUTE, deployment);
        this.disputes = Wiring.disputes(deployment, Wiring.bookingStore(deployment), settings);
        // Routes whose response shows a text someone wrote (field-encrypted at home) keep only their outcome for
        // a repeated Idempotency-Key (decision 0022); the others replay their response.
        route("POST /v1/bookings/{id}/messages", Replay.OUTCOME_ONLY, this::postMessage);
        route("GET /v1/bookings/{id}/messages", this::messages);
        route("POST /v1/bookings/{id}/change-requests", Replay.OUTCOME_ONLY, this::requestChange);
        route("POST /v1/bookings/{id}/change-requests/{cid}/accept", this::acceptChange);
        route("POST /v1/bookings/{id}/change-requests/{cid}/reject", this::rejectChange);
        route("POST /v1/bookings/{id}/disputes", this::file);
        route("GET /v1/disputes/{id}", this::read);
        route("POST /v1/disputes/{id}/objection", Replay.OUTCOME_ONLY, this::object);
        route("POST /v1/disputes/{id}/concede", Replay.OUTCOME_ONLY, this::concede);
        route("POST /v1/admin/disputes/{id}/resolve", Replay.OUTCOME_ONLY, this::resolve);
        requireAllRoutesRegistered();
    }

    private ApiResponse postMessage(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        String text = body.string("text");
        body.finish();
        var posted = disputes.postMessage(caller, request.pathParameter("id"), text);
        return ApiResponse.json(201, DisputeViews.message(posted.booking(), posted.value(), caller.userId()));
    }

    private ApiResponse messages(ApiRequest request) {
        Caller caller = request.caller();
        var conversation = disputes.messages(caller, request.pathParameter("id"));
        return ApiResponse.json(200, DisputeViews.messages(conversation.booking(), conversation.value(), caller.userId()));
    }

    private ApiResponse requestChange(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        ChangeKind kind = body.enumValue("kind", ChangeKind.class);
        String text = body.string("text");
        body.finish();
        var change = disputes.requestChange(caller, request.pathParameter("id"), kind, text);
        return ApiResponse.json(201, DisputeViews.changeRequest(change.booking(), change.value(), caller.userId()));
    }

    private ApiResponse acceptChange(ApiRequest request) {
        Caller caller = request.caller();
        ChangeRequest accepted = disputes.acceptChange(caller, request.pathParameter("id"), request.pathParameter("cid"));
        return ApiResponse.json(200, Json.object().put("changeRequestId", accepted.changeRequestId())
                .put("status", accepted.status().name()).put("consentReceiptSha256", accepted.receiptSha256()));
    }

    private ApiResponse rejectChange(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.optionalBody();
        Boolean report = body.optionalBoolean("report");
        body.finish();
        DisputeService.Rejection rejection = disputes.rejectChange(caller, request.pathParameter("id"),
                request.pathParameter("cid"), Boolean.TRUE.equals(report));
        ObjectNode out = Json.object().put("changeRequestId", rejection.changeRequest().changeRequestId())
                .put("status", rejection.changeRequest().status().name());
        if (rejection.dispute() != null) {
            out.put("disputeId", rejection.dispute().disputeId())
                    .put("respondBy", rejection.dispute().respondBy().toString());
        }
        return ApiResponse.json(200, out);
    }

    private ApiResponse file(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        DisputeReason reason = body.enumValue("reason", DisputeReason.class);
        String statement = body.string("statement");
        List<Evidence> evidence = new ArrayList<>();
        for (JsonFields item : body.optionalObjects("evidence", DisputeService.MAX_EVIDENCE)) {
            Evidence.Type type = item.enumValue("type", Evidence.Type.class);
            String id = item.string("id");
            evidence.add(type == null || id == null ? null : new Evidence(type, id));
        }
        body.finish();
        Dispute dispute = disputes.file(caller, request.pathParameter("id"), reason, statement, evidence);
        return ApiResponse.json(201, Json.object().put("disputeId", dispute.disputeId())
                .put("status", dispute.status().name()).put("respondBy", dispute.respondBy().toString()))
                .withHeader("location", "/v1/disputes/" + dispute.disputeId());
    }

    private ApiResponse read(ApiRequest request) {
        Caller caller = request.caller();
        return ApiResponse.json(200, DisputeViews.bundle(disputes.bundle(caller, request.pathParameter("id")),
                caller.userId()));
    }

    private ApiResponse object(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        String statement = body.string("statement");
        body.finish();
        Dispute dispute = disputes.object(caller, request.pathParameter("id"), statement);
        return ApiResponse.json(200, DisputeViews.dispute(dispute, caller.userId()));
    }

    private ApiResponse concede(ApiRequest request) {
        Caller caller = request.caller();
        Dispute dispute = disputes.concede(caller, request.pathParameter("id"));
        return ApiResponse.json(200, DisputeViews.dispute(dispute, caller.userId()));
    }

    private ApiResponse resolve(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        Dispute.Outcome outcome = body.enumValue("outcome", Dispute.Outcome.class);
        Long providerCents = body.optionalInteger("providerCents");
        body.finish();
        Dispute dispute = disputes.resolve(caller, request.pathParameter("id"), outcome, providerCents);
        return ApiResponse.json(200, DisputeViews.dispute(dispute, caller.userId()));
    }
}
