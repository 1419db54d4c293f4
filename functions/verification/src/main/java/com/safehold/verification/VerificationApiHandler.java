package com.safehold.verification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbPolicyStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbVerificationStore;
import com.safehold.adapters.phone.LibPhoneNumbers;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import com.safehold.domain.verification.PaymentRules;
import com.safehold.domain.verification.Verification;
import com.safehold.domain.verification.VerificationPolicy;
import com.safehold.domain.verification.VerificationService;
import java.util.List;

/**
 * Lambda function {@code verification} (SPEC 4.8): the operator's policy, starting and confirming a phone
 * verification, and the payment methods a customer may use. The call itself is queued for the
 * {@code calls} worker ({@link VerificationCallsHandler}).
 */
public final class VerificationApiHandler extends ApiHandler {

    private final VerificationService verifications;

    public VerificationApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public VerificationApiHandler(Deployment deployment) {
        super(Functions.VERIFICATION, deployment);
        this.verifications = new VerificationService(
                new DynamoDbPolicyStore(deployment.dynamoDb(), deployment.tableName(Tables.SETTINGS)),
                new DynamoDbVerificationStore(deployment.dynamoDb(), deployment.tableName(Tables.VERIFICATIONS),
                        deployment.tableName(Tables.CALL_LIMITS), deployment.tableName(Tables.USERS),
                        deployment.fieldCipher()),
                new DynamoDbProfileDirectory(deployment.dynamoDb(), deployment.tableName(Tables.USERS)),
                new LibPhoneNumbers(), deployment.blindIndex(), deployment.callQueue(), deployment.ids(),
                deployment.clock());
        route("GET /v1/admin/verification-policy", this::policy);
        route("PUT /v1/admin/verification-policy", this::setPolicy);
        route("POST /v1/verifications", this::start);
        route("POST /v1/verifications/{id}/confirm", this::confirm);
        route("GET /v1/me/payment-methods", this::paymentMethods);
        requireAllRoutesRegistered();
    }

    private ApiResponse policy(ApiRequest request) {
        return ApiResponse.json(200, json(verifications.policy(request.caller())));
    }

    private ApiResponse setPolicy(ApiRequest request) {
        JsonFields body = request.body();
        VerificationPolicy policy = new VerificationPolicy(
                body.strings("requiredForPaymentMethods", 10), orZero(body.integer("minBasketCents")),
                Boolean.TRUE.equals(body.bool("allowLandline")), Boolean.TRUE.equals(body.bool("allowMobile")),
                body.strings("allowedCountries", 250), orZero(body.smallInteger("codeLength")),
                orZero(body.smallInteger("codeTtlSeconds")), orZero(body.smallInteger("maxAttempts")),
                orZero(body.smallInteger("maxCallsPerNumberPerDay")), body.strings("restrictedPaymentMethods", 10));
        body.finish();
        return ApiResponse.json(200, json(verifications.setPolicy(request.caller(), policy)));
    }

    private ApiResponse start(ApiRequest request) {
        JsonFields body = request.body();
        String phone = body.string("phone");
        String method = body.string("paymentMethod");
        Long basket = body.integer("basketCents");
        body.finish();
        VerificationService.Started started = verifications.start(request.caller(), phone, method, basket);
        if (!started.required()) {
            return ApiResponse.json(200, Json.object().put("required", false));
        }
        Verification v = started.verification();
        return ApiResponse.json(202, Json.object().put("verificationId", v.verificationId())
                .put("status", v.status().name()).put("expiresAt", v.expiresAt().toString()))
                .withHeader("location", "/v1/verifications/" + v.verificationId());
    }

    private ApiResponse confirm(ApiRequest request) {
        JsonFields body = request.body();
        String code = body.string("code");
        body.finish();
        Verification v = verifications.confirm(request.caller(), request.pathParameter("id"), code);
        return ApiResponse.json(200, Json.object().put("verificationId", v.verificationId())
                .put("status", v.status().name()));
    }

    private ApiResponse paymentMethods(ApiRequest request) {
        String raw = request.queryParameter("basketCents");
        long basket;
        try {
            basket = Long.parseLong(raw == null ? "" : raw);
        } catch (NumberFormatException notANumber) {
            throw new ValidationException(List.of(new Violation("basketCents", "invalid_type",
                    "basketCents must be a whole number of minor units")));
        }
        PaymentRules.PaymentOptions options = verifications.paymentOptions(request.caller(), basket);
        ObjectNode out = Json.object();
        ArrayNode allowed = out.putArray("allowed");
        options.allowed().forEach(allowed::add);
        ArrayNode required = out.putArray("verificationRequiredFor");
        options.verificationRequiredFor().forEach(required::add);
        return ApiResponse.json(200, out);
    }

    private static ObjectNode json(VerificationPolicy p) {
        ObjectNode out = Json.object();
        p.requiredForPaymentMethods().forEach(out.putArray("requiredForPaymentMethods")::add);
        out.put("minBasketCents", p.minBasketCents()).put("allowLandline", p.allowLandline())
                .put("allowMobile", p.allowMobile());
        p.allowedCountries().forEach(out.putArray("allowedCountries")::add);
        out.put("codeLength", p.codeLength()).put("codeTtlSeconds", p.codeTtlSeconds())
                .put("maxAttempts", p.maxAttempts()).put("maxCallsPerNumberPerDay", p.maxCallsPerNumberPerDay());
        p.restrictedPaymentMethods().forEach(out.putArray("restrictedPaymentMethods")::add);
        return out;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
