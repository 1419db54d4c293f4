package com.safehold.local;

import static com.safehold.local.AuthEndToEndTest.assertProblem;
import static com.safehold.local.BookingEndToEndTest.book;
import static com.safehold.local.BookingEndToEndTest.bookingJson;
import static com.safehold.local.BookingEndToEndTest.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.domain.common.Role;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SPEC 4.8 over HTTP: policy, the call through the queue and the worker, codes, limits, and the booking gate. */
class VerificationEndToEndTest extends EndToEndTest {

    static final String POLICY = """
            {"requiredForPaymentMethods":["invoice","direct_debit"],"minBasketCents":10000,"allowLandline":%s,
             "allowMobile":%s,"allowedCountries":["DE","AT","CH"],"codeLength":4,"codeTtlSeconds":600,"maxAttempts":5,
             "maxCallsPerNumberPerDay":3,"restrictedPaymentMethods":["prepayment","card"]}""";
    private static final Pattern SPOKEN_CODE = Pattern.compile("(\\d) (\\d) (\\d) (\\d)\\.");
    /** Fresh German mobile numbers, one per use, so the per-number limits of one test do not touch another. */
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger(2_000_000);

    static String freshMobile() {
        return "+491511" + NEXT_NUMBER.incrementAndGet();
    }

    static Http.Reply start(String customer, String phone, String method, long basket) {
        return http.post("/v1/verifications", customer,
                "{\"phone\":\"" + phone + "\",\"paymentMethod\":\"" + method + "\",\"basketCents\":" + basket + "}");
    }

    /** The code the call read out, from the voice message the worker left in the outbox. */
    static String spokenCode(String phone) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Outbox.Message> calls = platform.outbox().to(phone).stream()
                    .filter(m -> m.channel().equals("voice")).toList();
            if (!calls.isEmpty()) {
                assertThat(calls).as("one call").hasSize(1);
                Matcher digits = SPOKEN_CODE.matcher(calls.getFirst().text());
                assertThat(digits.find()).as(calls.getFirst().text()).isTrue();
                return digits.group(1) + digits.group(2) + digits.group(3) + digits.group(4);
            }
            sleep();
        }
        throw new AssertionError("no call reached " + phone);
    }

    @Test
    void invoiceNeedsAVerifiedPhone_theCallReadsTheCode_andThenTheBookingGoesThrough() {
        String admin = users.token(Role.ADMIN);
        assertThat(http.put("/v1/admin/verification-policy", admin, POLICY.formatted(true, true)).status()).isEqualTo(200);
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        Http.Reply refused = book(s, bookingJson(s, inDays(6), "invoice"));
        assertProblem(refused, 403, "verification_required");
        assertThat(refused.json().get("allowedPaymentMethods")).extracting(JsonNode::asText)
                .containsExactly("prepayment", "card");
        JsonNode before = http.get("/v1/me/payment-methods?basketCents=15000", s.customer()).json();
        assertThat(before.get("verificationRequiredFor")).extracting(JsonNode::asText)
                .containsExactly("invoice", "direct_debit");

        String phone = freshMobile();
        String startBody = "{\"phone\":\"" + phone + "\",\"paymentMethod\":\"invoice\",\"basketCents\":15000}";
        Map<String, String> startKey = Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString());
        Http.Reply started = http.post("/v1/verifications", s.customer(), startBody, startKey);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().get("status").asText()).isEqualTo("CALLING");
        String id = started.json().get("verificationId").asText();
        // a retry after a lost response gets the same verification back and places no second call (checked below)
        Http.Reply retried = http.post("/v1/verifications", s.customer(), startBody, startKey);
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("verificationId").asText()).isEqualTo(id);
        assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
        String code = spokenCode(phone);
        assertThat(platform.outbox().to(phone).getFirst().text()).contains("Bestätigungscode");

        String wrong = code.equals("0000") ? "1111" : "0000";
        Http.Reply miss = http.post("/v1/verifications/" + id + "/confirm", s.customer(), "{\"code\":\"" + wrong + "\"}");
        assertProblem(miss, 422, "wrong_code");
        assertThat(miss.json().get("attemptsLeft").asInt()).isEqualTo(4);
        Map<String, String> confirmKey = Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString());
        Http.Reply hit = http.post("/v1/verifications/" + id + "/confirm", s.customer(), "{\"code\":\"" + code + "\"}",
                confirmKey);
        assertThat(hit.status()).as(hit.body()).isEqualTo(200);
        assertThat(hit.json().get("status").asText()).isEqualTo("VERIFIED");
        assertProblem(http.post("/v1/verifications/" + id + "/confirm", s.customer(), "{\"code\":\"" + wrong + "\"}",
                confirmKey), 422, "idempotency_key_reused");

        assertThat(book(s, bookingJson(s, inDays(6), "invoice")).status()).isEqualTo(202);
        JsonNode after = http.get("/v1/me/payment-methods?basketCents=15000", s.customer()).json();
        assertThat(after.get("allowed")).extracting(JsonNode::asText).contains("invoice", "direct_debit");
        assertThat(after.get("verificationRequiredFor")).isEmpty();

        // neither the number nor the code is stored in plain text anywhere
        try (DynamoDbClient raw = AwsClients.dynamoDb(AwsClients.local(
                URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
            StringBuilder everything = new StringBuilder();
            for (String table : raw.listTables().tableNames()) {
                raw.scanPaginator(r -> r.tableName(table)).items().forEach(item -> everything.append(item).append('\n'));
            }
            assertThat(everything.toString()).contains(id).doesNotContain(phone).doesNotContain(phone.substring(1));
            Map<String, AttributeValue> item = raw.getItem(r -> r.tableName("verifications")
                    .key(Map.of("verificationId", AttributeValue.fromS(id)))).item();
            assertThat(item.values().stream().map(AttributeValue::toString)).noneMatch(v -> v.contains("S=" + code + ")"));
        }
    }

    @Test
    void belowTheMinimumOrForAnotherMethod_noCallIsNeeded() {
        String customer = users.token(Role.CUSTOMER);
        assertThat(start(customer, freshMobile(), "invoice", 5000).json().get("required").asBoolean()).isFalse();
        assertThat(start(customer, freshMobile(), "card", 50000).json().get("required").asBoolean()).isFalse();
        assertProblem(start(customer, freshMobile(), "bitcoin", 50000), 400, "invalid_payment_method");
        assertProblem(http.get("/v1/me/payment-methods?basketCents=lots", customer), 400, "invalid_type");
    }

    @Test
    void numbersThePolicyDoesNotAllowAreRefusedWithTheReasonAndTheRestrictedMethods() {
        String admin = users.token(Role.ADMIN);
        String customer = users.token(Role.CUSTOMER);

        Http.Reply country = start(customer, "+33612345678", "invoice", 15000);
        assertProblem(country, 422, "number_not_allowed");
        assertThat(country.json().get("reason").asText()).isEqualTo("country");
        assertThat(country.json().get("allowedPaymentMethods")).extracting(JsonNode::asText)
                .containsExactly("prepayment", "card");
        assertThat(start(customer, "+49123", "invoice", 15000).json().get("reason").asText()).isEqualTo("invalid");
        Http.Reply premium = start(customer, "+499001234567", "invoice", 15000);
        assertProblem(premium, 422, "number_not_allowed");
        assertThat(premium.json().get("reason").asText()).isEqualTo("line_type");

        assertThat(http.put("/v1/admin/verification-policy", admin, POLICY.formatted(true, false)).status()).isEqualTo(200);
        try {
            Http.Reply mobile = start(customer, freshMobile(), "invoice", 15000);
            assertProblem(mobile, 422, "number_not_allowed");
            assertThat(mobile.json().get("reason").asText()).isEqualTo("line_type");
            assertThat(start(customer, "+493012345678", "invoice", 15000).status()).as("a Berlin landline").isEqualTo(202);
        } finally {
            assertThat(http.put("/v1/admin/verification-policy", admin, POLICY.formatted(true, true)).status())
                    .isEqualTo(200);
        }
        assertProblem(http.put("/v1/admin/verification-policy", admin, POLICY.formatted(false, false)), 400,
                "out_of_range");
        assertProblem(http.put("/v1/admin/verification-policy", customer, POLICY.formatted(true, true)), 403,
                "role_required");
    }

    @Test
    void oneNumberGetsAtMostOneCallAMinuteAndThreeADay() {
        String phone = freshMobile();
        String[] customers = {users.token(Role.CUSTOMER), users.token(Role.CUSTOMER), users.token(Role.CUSTOMER),
                users.token(Role.CUSTOMER)};
        assertThat(start(customers[0], phone, "invoice", 15000).status()).isEqualTo(202);
        Http.Reply burst = start(customers[1], phone, "invoice", 15000);
        assertProblem(burst, 429, "too_many_calls");
        assertThat(burst.json().get("retryAfterSeconds").asLong()).isBetween(1L, 60L);
        for (int i = 1; i < 3; i++) {
            BookingEndToEndTest.advance(Duration.ofSeconds(61));
            assertThat(start(customers[i], phone, "invoice", 15000).status()).isEqualTo(202);
        }
        BookingEndToEndTest.advance(Duration.ofSeconds(61));
        assertProblem(start(customers[3], phone, "invoice", 15000), 429, "too_many_calls");
    }

    @Test
    void fiveWrongCodesLockTheVerification_andAnExpiredOneIsGone() {
        String customer = users.token(Role.CUSTOMER);
        String phone = freshMobile();
        String id = start(customer, phone, "invoice", 15000).json().get("verificationId").asText();
        String code = spokenCode(phone);
        String wrong = code.equals("0000") ? "1111" : "0000";
        for (int left = 4; left >= 1; left--) {
            Http.Reply miss = http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"" + wrong + "\"}");
            assertThat(miss.json().get("attemptsLeft").asInt()).isEqualTo(left);
        }
        assertProblem(http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"" + wrong + "\"}"), 423,
                "too_many_attempts");
        assertProblem(http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"" + code + "\"}"), 423,
                "too_many_attempts");

        String other = freshMobile();
        String expiring = start(customer, other, "invoice", 15000).json().get("verificationId").asText();
        String otherCode = spokenCode(other);
        BookingEndToEndTest.advance(Duration.ofSeconds(601));
        assertProblem(http.post("/v1/verifications/" + expiring + "/confirm", customer, "{\"code\":\"" + otherCode + "\"}"),
                410, "verification_expired");
        String stranger = users.token(Role.CUSTOMER);
        assertProblem(http.post("/v1/verifications/" + id + "/confirm", stranger, "{\"code\":\"" + code + "\"}"),
                404, "not_found");
    }

    /** Guesses sent in parallel are each counted before any is compared: no burst outruns the lock. */
    @Test
    void parallelGuesses_areEachCounted_soAtMostFiveCodesAreEverCompared() throws Exception {
        String customer = users.token(Role.CUSTOMER);
        String phone = freshMobile();
        String id = start(customer, phone, "invoice", 15000).json().get("verificationId").asText();
        String code = spokenCode(phone);

        List<Http.Reply> replies = Http.atOnce(20, i -> http.post("/v1/verifications/" + id + "/confirm", customer,
                "{\"code\":\"" + String.format("%04d", (Integer.parseInt(code) + 1 + i) % 10_000) + "\"}"));

        Map<Integer, Long> statuses = replies.stream()
                .collect(Collectors.groupingBy(Http.Reply::status, Collectors.counting()));
        assertThat(statuses).as("4 misses with attempts left, then locked").containsOnlyKeys(422, 423)
                .containsEntry(422, 4L).containsEntry(423, 16L);
        assertProblem(http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"" + code + "\"}"), 423,
                "too_many_attempts");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
