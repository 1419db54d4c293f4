package com.safehold.local;

import static com.safehold.local.AuthEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.domain.common.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SPEC 4.9 over HTTP: stamps collected and redeemed, and every way a scan is refused. */
class LoyaltyEndToEndTest extends EndToEndTest {

    static final double LAT = 48.2104;
    static final double LON = 16.3656;
    /** About 1 km north of the store. */
    static final double ONE_KM_NORTH = LAT + 0.009;

    record Shop(String merchant, String storeId, String programId) {}

    static Shop shop(int stampsPerReward, int cooldownMinutes) {
        String merchant = users.token(Role.MERCHANT);
        String storeId = openStore(merchant, LAT, LON);
        Http.Reply program = http.post("/v1/loyalty/programs", merchant, """
                {"storeIds":["%s"],"stampsPerReward":%d,"cooldownMinutes":%d,"reward":"Free coffee"}"""
                .formatted(storeId, stampsPerReward, cooldownMinutes));
        assertThat(program.status()).as(program.body()).isEqualTo(201);
        return new Shop(merchant, storeId, program.json().get("programId").asText());
    }

    static String openStore(String merchant, double lat, double lon) {
        Http.Reply store = http.post("/v1/stores", merchant,
                "{\"name\":\"Café Central\",\"lat\":" + lat + ",\"lon\":" + lon + ",\"radiusMeters\":60}");
        assertThat(store.status()).as(store.body()).isEqualTo(201);
        return store.json().get("storeId").asText();
    }

    static String displayCode(Shop shop) {
        return displayCode(shop.merchant(), shop.storeId());
    }

    static String displayCode(String merchant, String storeId) {
        Http.Reply code = http.get("/v1/stores/" + storeId + "/display-code", merchant);
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        return code.json().get("code").asText();
    }

    static Http.Reply scan(String customer, String code, double lat, double lon, double accuracy, String device) {
        return http.post("/v1/scans", customer, """
                {"code":"%s","lat":%s,"lon":%s,"accuracyMeters":%s,"deviceId":"%s"}"""
                .formatted(code, lat, lon, accuracy, device));
    }

    static Http.Reply scanInStore(String customer, String code, String device) {
        return scan(customer, code, LAT, LON, 10, device);
    }

    @Test
    void aCustomerCollectsStampsOverTime_andRedeemsTheRewardOnce() {
        Shop shop = shop(3, 10);
        String email = users.signUp(Role.CUSTOMER);
        String device = "phone-" + UUID.randomUUID();

        for (int stamp = 1; stamp <= 3; stamp++) {
            String customer = users.signIn(email).accessToken();
            Http.Reply scanned = scanInStore(customer, displayCode(shop), device);
            assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
            assertThat(scanned.json().get("programId").asText()).isEqualTo(shop.programId());
            assertThat(scanned.json().get("stamps").asInt()).isEqualTo(stamp);
            assertThat(scanned.json().get("stampsPerReward").asInt()).isEqualTo(3);
            assertThat(scanned.json().get("rewardEarned").asBoolean()).isEqualTo(stamp == 3);
            BookingEndToEndTest.advance(Duration.ofMinutes(11));
        }
        String customer = users.signIn(email).accessToken();
        JsonNode card = http.get("/v1/loyalty/cards", customer).json().get("cards").get(0);
        assertThat(card.get("redeemableStamps").asInt()).isEqualTo(3);
        assertThat(card.get("reward").asText()).isEqualTo("Free coffee");

        Http.Reply redeemed = http.post("/v1/loyalty/cards/" + shop.programId() + "/redeem", customer, "");
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        assertThat(redeemed.json().get("reward").asText()).isEqualTo("Free coffee");
        assertThat(redeemed.json().get("stampsLeft").asInt()).isZero();
        assertProblem(http.post("/v1/loyalty/cards/" + shop.programId() + "/redeem", customer, ""), 409,
                "not_enough_stamps");
        assertThat(http.get("/v1/loyalty/cards", customer).json().at("/cards/0/rewardsRedeemed").asInt()).isEqualTo(1);
        assertThat(http.get("/v1/stores/" + shop.storeId() + "/scan-stats", shop.merchant()).json()
                .get("accepted").asInt()).isEqualTo(3);
    }

    @Test
    void everyRefusalOfTheSpecHappensWithItsCodeAndStatus_andIsCounted() {
        Shop shop = shop(5, 30);
        String customer = users.token(Role.CUSTOMER);

        // a code from the previous minute
        String old = displayCode(shop);
        BookingEndToEndTest.advance(Duration.ofSeconds(65));
        assertProblem(scanInStore(customer, old, "d-1"), 410, "code_expired");

        // a tampered signature: one character in its middle changed
        String fresh = displayCode(shop);
        int middle = fresh.length() - 10;
        char changed = fresh.charAt(middle) == 'A' ? 'B' : 'A';
        assertProblem(scanInStore(customer, fresh.substring(0, middle) + changed + fresh.substring(middle + 1), "d-1"),
                400, "invalid_code");
        assertProblem(scanInStore(customer, "not a code", "d-1"), 400, "invalid_code");

        // a code of another store, 1 km away, scanned here
        String elsewhere = openStore(shop.merchant(), ONE_KM_NORTH, LON);
        Shop other = new Shop(shop.merchant(), elsewhere, programOf(shop.merchant(), elsewhere));
        assertProblem(scanInStore(customer, displayCode(other), "d-1"), 403, "outside_store");

        // a position 1 km away, and an accuracy of 5 km
        assertProblem(scan(customer, displayCode(shop), ONE_KM_NORTH, LON, 10, "d-1"), 403, "outside_store");
        assertProblem(scan(customer, displayCode(shop), LAT, LON, 5000, "d-1"), 403, "outside_store");

        // a second scan inside the cooldown from the same device under another account
        assertThat(scanInStore(customer, displayCode(shop), "shared-phone").status()).isEqualTo(200);
        String friend = users.token(Role.CUSTOMER);
        Http.Reply cooling = scanInStore(friend, displayCode(shop), "shared-phone");
        assertProblem(cooling, 429, "cooldown");
        assertThat(cooling.json().get("retryAfterSeconds").asLong()).isBetween(1L, 30 * 60L);
        assertThat(cooling.headers().get("retry-after")).containsExactly(cooling.json().get("retryAfterSeconds").asText());

        // a reused receipt code
        List<String> receipts = receiptCodes(shop, 2);
        String third = users.token(Role.CUSTOMER);
        assertThat(scanInStore(third, receipts.get(0), "d-3").status()).isEqualTo(200);
        String fourth = users.token(Role.CUSTOMER);
        assertProblem(scanInStore(fourth, receipts.get(0), "d-4"), 409, "code_used");
        assertThat(scanInStore(fourth, receipts.get(1).toLowerCase().replace("-", " "), "d-4").status())
                .as("typing is forgiving").isEqualTo(200);

        // codes issued before a revoke
        String beforeRevoke = displayCode(shop);
        String receiptBeforeRevoke = receiptCodes(shop, 1).get(0);
        Http.Reply revoked = http.post("/v1/stores/" + shop.storeId() + "/revoke-codes", shop.merchant(), "");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        String fifth = users.token(Role.CUSTOMER);
        assertProblem(scanInStore(fifth, beforeRevoke, "d-5"), 403, "code_revoked");
        assertProblem(scanInStore(fifth, receiptBeforeRevoke, "d-5"), 403, "code_revoked");
        assertThat(scanInStore(fifth, displayCode(shop), "d-5").status()).as("new codes work").isEqualTo(200);

        JsonNode stats = http.get("/v1/stores/" + shop.storeId() + "/scan-stats", shop.merchant()).json();
        assertThat(stats.get("accepted").asInt()).isEqualTo(4);
        assertThat(stats.at("/refused/code_expired").asInt()).isEqualTo(1);
        assertThat(stats.at("/refused/invalid_code").asInt()).isEqualTo(1); // "not a code" names no store
        assertThat(stats.at("/refused/outside_store").asInt()).isEqualTo(2);
        assertThat(stats.at("/refused/cooldown").asInt()).isEqualTo(1);
        assertThat(stats.at("/refused/code_used").asInt()).isEqualTo(1);
        assertThat(stats.at("/refused/code_revoked").asInt()).isEqualTo(2);
        assertThat(http.get("/v1/stores/" + elsewhere + "/scan-stats", shop.merchant()).json()
                .at("/refused/outside_store").asInt()).isEqualTo(1);
    }

    @Test
    void quarantinedStampsCannotBeRedeemedUntilReleased() {
        Shop shop = shop(1, 0);
        String customer = users.token(Role.CUSTOMER);
        String since = platform.clock().now().minusSeconds(60).toString();
        assertThat(scanInStore(customer, displayCode(shop), "q-1").status()).isEqualTo(200);

        Http.Reply revoked = http.post("/v1/stores/" + shop.storeId() + "/revoke-codes", shop.merchant(),
                "{\"quarantineStampsSince\":\"" + since + "\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().at("/quarantines/0/since").asText()).isEqualTo(since);
        assertThat(http.get("/v1/loyalty/cards", customer).json().at("/cards/0/quarantinedStamps").asInt()).isEqualTo(1);
        assertProblem(http.post("/v1/loyalty/cards/" + shop.programId() + "/redeem", customer, ""), 409,
                "not_enough_stamps");

        assertThat(http.post("/v1/stores/" + shop.storeId() + "/release-stamps", shop.merchant(), "").status())
                .isEqualTo(200);
        assertThat(http.post("/v1/loyalty/cards/" + shop.programId() + "/redeem", customer, "").status()).isEqualTo(200);
    }

    @Test
    void aRetriedRedeem_spendsTheStampsOnce_andGetsTheFirstAnswerAgain() {
        Shop shop = shop(1, 0);
        String customer = users.token(Role.CUSTOMER);
        for (String receipt : receiptCodes(shop, 2)) {
            assertThat(scanInStore(customer, receipt, "retry-phone").status()).isEqualTo(200);
        }
        String redeem = "/v1/loyalty/cards/" + shop.programId() + "/redeem";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Reply first = http.post(redeem, customer, "", key);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("stampsLeft").asInt()).isEqualTo(1);

        Http.Reply retried = http.post(redeem, customer, "", key);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
        JsonNode card = http.get("/v1/loyalty/cards", customer).json().at("/cards/0");
        assertThat(card.get("rewardsRedeemed").asInt()).as("one redemption").isEqualTo(1);
        assertThat(card.get("redeemableStamps").asInt()).as("one stamp spent").isEqualTo(1);

        assertProblem(http.post(redeem, customer, "{\"again\":true}", key), 422, "idempotency_key_reused");
        Http.Reply second = http.post(redeem, customer, "", Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(second.json().get("stampsLeft").asInt()).as("a new key is a new redemption").isZero();
    }

    @Test
    void aRetriedBatchOfReceiptCodes_issuesNoSecondBatch_andItsCodesAreKeptNowhereInClear() {
        Shop shop = shop(3, 10);
        String path = "/v1/stores/" + shop.storeId() + "/receipt-codes";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Reply issued = http.post(path, shop.merchant(), "{\"count\":3,\"expiresInHours\":24}", key);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        List<String> codes = new java.util.ArrayList<>();
        issued.json().get("codes").forEach(c -> codes.add(c.asText()));
        assertThat(codes).hasSize(3);

        Http.Reply retried = http.post(path, shop.merchant(), "{\"count\":3,\"expiresInHours\":24}", key);
        assertProblem(retried, 409, "idempotency_request_completed");
        assertThat(retried.json().get("originalStatus").asInt()).isEqualTo(201);
        assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
        assertThat(codes).noneMatch(retried.body()::contains);
        assertProblem(http.post(path, shop.merchant(), "{\"count\":4,\"expiresInHours\":24}", key), 422,
                "idempotency_key_reused");

        try (DynamoDbClient raw = AwsClients.dynamoDb(AwsClients.local(
                URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
            long batch = raw.scanPaginator(r -> r.tableName("receipt-codes")).items().stream()
                    .filter(item -> shop.storeId().equals(item.get("storeId").s())).count();
            assertThat(batch).as("one batch of three codes").isEqualTo(3);
            List<String> idempotency = raw.scanPaginator(r -> r.tableName("idempotency")).items().stream()
                    .map(Object::toString).toList();
            for (String code : codes) {
                assertThat(idempotency).noneMatch(item -> item.contains(code));
            }
        }
        // the first batch is the one that works
        assertThat(scanInStore(users.token(Role.CUSTOMER), codes.getFirst(), "receipt-phone").status()).isEqualTo(200);
    }

    @Test
    void storesAreTheirMerchantsOnly() {
        Shop shop = shop(3, 10);
        String otherMerchant = users.token(Role.MERCHANT);
        String customer = users.token(Role.CUSTOMER);

        assertProblem(http.get("/v1/stores/" + shop.storeId() + "/display-code", otherMerchant), 404, "not_found");
        assertProblem(http.get("/v1/stores/" + shop.storeId() + "/scan-stats", otherMerchant), 404, "not_found");
        assertProblem(http.post("/v1/stores/" + shop.storeId() + "/revoke-codes", otherMerchant, ""), 404, "not_found");
        assertProblem(http.get("/v1/stores/" + shop.storeId() + "/display-code", customer), 403, "role_required");
        assertProblem(http.post("/v1/loyalty/programs", otherMerchant, """
                {"storeIds":["%s"],"stampsPerReward":3,"cooldownMinutes":10,"reward":"x"}""".formatted(shop.storeId())),
                404, "not_found");
        assertProblem(http.post("/v1/loyalty/programs", shop.merchant(), """
                {"storeIds":["%s"],"stampsPerReward":3,"cooldownMinutes":10,"reward":"x"}""".formatted(shop.storeId())),
                409, "store_in_program");
        assertProblem(http.post("/v1/stores/" + shop.storeId() + "/revoke-codes", shop.merchant(),
                "{\"quarantineStampsSince\":\"" + platform.clock().now().plusSeconds(3600) + "\"}"), 400, "out_of_range");
        String bare = openStore(shop.merchant(), LAT, LON);
        assertProblem(http.get("/v1/stores/" + bare + "/display-code", shop.merchant()), 409, "store_without_program");
        Http.Reply badStore = http.post("/v1/stores", shop.merchant(),
                "{\"name\":\"\",\"lat\":91,\"lon\":0,\"radiusMeters\":5}");
        assertProblem(badStore, 400, "out_of_range");
        assertThat(badStore.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("name", "lat", "radiusMeters");
        assertProblem(scan(customer, "x", 0, 0, -1, "d"), 400, "out_of_range");
        assertProblem(http.post("/v1/scans", customer, "{\"code\":\"x\",\"lat\":0,\"lon\":0,\"accuracyMeters\":1}"),
                400, "missing_field");
    }

    @Test
    void theDisplayCodeComesWithAQrPngThatIsNotCached() {
        Shop shop = shop(3, 10);
        Http.Reply code = http.get("/v1/stores/" + shop.storeId() + "/display-code", shop.merchant());
        byte[] png = Base64.getDecoder().decode(code.json().get("qrPng").asText());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(code.headers().get("cache-control")).containsExactly("no-store");
        assertThat(java.time.Instant.parse(code.json().get("expiresAt").asText()))
                .isAfter(platform.clock().now().plusSeconds(30)).isBeforeOrEqualTo(platform.clock().now().plusSeconds(60));
    }

    private static String programOf(String merchant, String storeId) {
        Http.Reply program = http.post("/v1/loyalty/programs", merchant, """
                {"storeIds":["%s"],"stampsPerReward":5,"cooldownMinutes":30,"reward":"Cake"}""".formatted(storeId));
        assertThat(program.status()).as(program.body()).isEqualTo(201);
        return program.json().get("programId").asText();
    }

    private static List<String> receiptCodes(Shop shop, int count) {
        Http.Reply codes = http.post("/v1/stores/" + shop.storeId() + "/receipt-codes", shop.merchant(),
                "{\"count\":" + count + ",\"expiresInHours\":24}");
        assertThat(codes.status()).as(codes.body()).isEqualTo(201);
        List<String> list = new java.util.ArrayList<>();
        codes.json().get("codes").forEach(c -> list.add(c.asText()));
        return list;
    }
}
