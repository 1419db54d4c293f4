package com.safehold.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbLoyaltyStore;
import com.safehold.adapters.qr.ZxingQrCodes;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.api.IdempotentRequests.Replay;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Caller;
import com.safehold.domain.loyalty.Card;
import com.safehold.domain.loyalty.MerchantService;
import com.safehold.domain.loyalty.Program;
import com.safehold.domain.loyalty.ProgramDraft;
import com.safehold.domain.loyalty.ScanRequest;
import com.safehold.domain.loyalty.ScanService;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.loyalty.StoreDraft;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Lambda function {@code scan} (SPEC 4.9): merchants' stores, programs, display and receipt codes, the kill
 * switch and scan statistics; customers' scans, cards and redemptions. Thin: parse, call
 * {@link MerchantService} or {@link ScanService}, map.
 */
public final class ScanApiHandler extends ApiHandler {

    private final MerchantService merchants;
    private final ScanService scans;

    public ScanApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public ScanApiHandler(Deployment deployment) {
        super(Functions.SCAN, deployment);
        DynamoDbLoyaltyStore store = loyaltyStore(deployment);
        this.merchants = new MerchantService(store, deployment.ids(), deployment.clock(), new ZxingQrCodes());
        // a scan is answered even when its fraud signal cannot be written; the failure is logged
        this.scans = new ScanService(store, deployment.ids(), deployment.clock(),
                failed -> log.error("scan.signal_not_recorded", failed, Map.of()));
        route("POST /v1/stores", this::openStore);
        route("POST /v1/loyalty/programs", this::startProgram);
        route("GET /v1/stores/{id}/display-code", this::displayCode);
        // one-time codes are kept only as hashes: a repeat learns that the batch was issued, never its codes
        route("POST /v1/stores/{id}/receipt-codes", Replay.OUTCOME_ONLY, this::receiptCodes);
        route("POST /v1/stores/{id}/revoke-codes", this::revokeCodes);
        route("POST /v1/stores/{id}/release-stamps", this::releaseStamps);
        route("GET /v1/stores/{id}/scan-stats", this::scanStats);
        route("POST /v1/scans", this::scan);
        route("GET /v1/loyalty/cards", this::cards);
        route("POST /v1/loyalty/cards/{programId}/redeem", this::redeem);
        requireAllRoutesRegistered();
    }

    /** The loyalty store over a deployment (the handler, its tests and the scan benchmark build it the same way). */
    public static DynamoDbLoyaltyStore loyaltyStore(Deployment d) {
        return new DynamoDbLoyaltyStore(d.dynamoDb(), d.tableName(Tables.STORES), d.tableName(Tables.PROGRAMS),
                d.tableName(Tables.RECEIPT_CODES), d.tableName(Tables.CARDS), d.tableName(Tables.COOLDOWNS),
                d.tableName(Tables.SCANS), d.fieldCipher());
    }

    private ApiResponse openStore(ApiRequest request) {
        JsonFields body = request.body();
        String name = body.string("name");
        Double lat = body.number("lat");
        Double lon = body.number("lon");
        Integer radius = body.smallInteger("radiusMeters");
        body.finish();
        // the key (when sent) also derives the store id, so a request repeated after a lost answer finds its store
        Store store = merchants.open(request.caller(), new StoreDraft(name, lat, lon, radius),
                request.header("Idempotency-Key").orElse(null));
        return ApiResponse.json(201, Json.object().put("storeId", store.storeId()))
                .withHeader("location", "/v1/stores/" + store.storeId());
    }

    private ApiResponse startProgram(ApiRequest request) {
        JsonFields body = request.body();
        List<String> storeIds = body.strings("storeIds", ProgramDraft.MAX_STORES);
        Integer perReward = body.smallInteger("stampsPerReward");
        Integer cooldown = body.smallInteger("cooldownMinutes");
        String reward = body.string("reward");
        body.finish();
        Program program = merchants.startProgram(request.caller(),
                new ProgramDraft(storeIds, perReward, cooldown, reward));
        return ApiResponse.json(201, Json.object().put("programId", program.programId()));
    }

    private ApiResponse displayCode(ApiRequest request) {
        MerchantService.DisplayCode code = merchants.displayCode(request.caller(), request.pathParameter("id"));
        return ApiResponse.json(200, Json.object().put("code", code.code())
                .put("expiresAt", code.expiresAt().toString())
                .put("qrPng", Base64.getEncoder().encodeToString(code.qrPng())))
                .withHeader("cache-control", "no-store");
    }

    private ApiResponse receiptCodes(ApiRequest request) {
        JsonFields body = request.body();
        Integer count = body.smallInteger("count");
        Integer hours = body.smallInteger("expiresInHours");
        body.finish();
        MerchantService.IssuedCodes issued = merchants.receiptCodes(request.caller(), request.pathParameter("id"),
                count, hours);
        ObjectNode out = Json.object().put("expiresAt", issued.expiresAt().toString());
        ArrayNode codes = out.putArray("codes");
        issued.codes().forEach(codes::add);
        return ApiResponse.json(201, out).withHeader("cache-control", "no-store");
    }

    private ApiResponse revokeCodes(ApiRequest request) {
        JsonFields body = request.optionalBody();
        var since = body.optionalInstant("quarantineStampsSince");
        body.finish();
        Store store = merchants.revokeCodes(request.caller(), request.pathParameter("id"), since);
        return ApiResponse.json(200, storeState(store));
    }

    private ApiResponse releaseStamps(ApiRequest request) {
        return ApiResponse.json(200, storeState(merchants.releaseStamps(request.caller(), request.pathParameter("id"))));
    }

    private ApiResponse scanStats(ApiRequest request) {
        String storeId = request.pathParameter("id");
        Map<String, Long> counts = merchants.scanStats(request.caller(), storeId);
        ObjectNode out = Json.object().put("storeId", storeId).put("accepted", counts.getOrDefault("accepted", 0L));
        ObjectNode refused = out.putObject("refused");
        for (var refusal : com.safehold.domain.loyalty.ScanRefusal.values()) {
            refused.put(refusal.code(), counts.getOrDefault(refusal.code(), 0L));
        }
        return ApiResponse.json(200, out);
    }

    private ApiResponse scan(ApiRequest request) {
        JsonFields body = request.body();
        String code = body.string("code");
        Double lat = body.number("lat");
        Double lon = body.number("lon");
        Double accuracy = body.number("accuracyMeters");
        String deviceId = body.string("deviceId");
        body.finish();
        ScanService.ScanResult result = scans.scan(request.caller(), new ScanRequest(code, lat, lon, accuracy, deviceId));
        return ApiResponse.json(200, Json.object().put("programId", result.programId()).put("stamps", result.stamps())
                .put("stampsPerReward", result.stampsPerReward()).put("rewardEarned", result.rewardEarned()));
    }

    private ApiResponse cards(ApiRequest request) {
        ObjectNode out = Json.object();
        ArrayNode cards = out.putArray("cards");
        for (ScanService.CardView view : scans.cards(request.caller())) {
            Card card = view.card();
            cards.addObject().put("programId", card.programId()).put("reward", card.reward())
                    .put("stamps", card.stamps().size()).put("redeemableStamps", view.redeemableStamps())
                    .put("quarantinedStamps", card.stamps().size() - view.redeemableStamps())
                    .put("stampsPerReward", card.stampsPerReward()).put("rewardsRedeemed", card.rewardsRedeemed());
        }
        return ApiResponse.json(200, out);
    }

    private ApiResponse redeem(ApiRequest request) {
        Caller caller = request.caller();
        // the key (when sent) names the attempt, so a retry after a 5xx finds its redemption instead of spending again
        ScanService.Redemption redeemed = scans.redeem(caller, request.pathParameter("programId"),
                request.header("Idempotency-Key").orElse(null));
        return ApiResponse.json(200, Json.object().put("programId", redeemed.programId()).put("reward", redeemed.reward())
                .put("stampsLeft", redeemed.stampsLeft()).put("rewardsRedeemed", redeemed.rewardsRedeemed()));
    }

    private static ObjectNode storeState(Store store) {
        ObjectNode out = Json.object().put("storeId", store.storeId()).put("codeEpoch", store.codeEpoch());
        ArrayNode quarantines = out.putArray("quarantines");
        for (Store.Quarantine q : store.quarantines()) {
            ObjectNode item = quarantines.addObject().put("since", q.since().toString()).put("at", q.at().toString());
            item.put("releasedAt", q.releasedAt() == null ? null : q.releasedAt().toString());
        }
        return out;
    }
}
