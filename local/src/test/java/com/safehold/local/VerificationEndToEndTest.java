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
import java.time.Instant;
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
        return spokenCode(phone, 4);
    }

    /** The {@code length}-digit code the call read out (twice: the first reading). */
    static String spokenCode(String phone, int length) {
        Pattern spoken = Pattern.compile(": " + String.join(" ", java.util.Collections.nCopies(length, "(\\d)")) + "\\.");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Outbox.Message> calls = platform.outbox().to(phone).stream()
                    .filter(m -> m.channel().equals("voice")).toList();
            if (!calls.isEmpty()) {
                assertThat(calls).as("one call").hasSize(1);
                Matcher digits = spoken.matcher(calls.getFirst().text());
                assertThat(digits.find()).as(calls.getFirst().text()).isTrue();
                StringBuilder code = new StringBuilder();
                for (int i = 1; i <= length; i++) {
                    code.append(digits.group(i));
                }
                return code.toString();
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
            // kept 30 days past the code's expiry, then DynamoDB's TTL removes it (decision 0014)
            assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(
                    Instant.ofEpochMilli(Long.parseLong(item.get("expiresAtMs").n())).plus(Duration.ofDays(30)).getEpochSecond());
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

    /** A policy nothing else uses: invoice only, from exactly the test offer's total, landline only, DE and US. */
    static final String STRICT_POLICY = """
            {"requiredForPaymentMethods":["invoice"],"minBasketCents":%d,"allowLandline":true,"allowMobile":false,
             "allowedCountries":["DE","US"],"codeLength":6,"codeTtlSeconds":900,"maxAttempts":3,
             "maxCallsPerNumberPerDay":2,"restrictedPaymentMethods":["prepayment"]}""";
    /** The test offer: priceCents 12000 plus the 10 % booking fee. */
    static final long OFFER_TOTAL = 13200;

    static String freshLandline() {
        return "+49301" + NEXT_NUMBER.incrementAndGet();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    /**
     * A non-default policy, read back as written, and everything under it agreeing on what an unverified customer
     * may use: the restricted methods only (not card, which the policy neither requires nor restricts), from the
     * booking's total including the fee (decision 0013).
     */
    @Test
    void aNonDefaultPolicy_roundTrips_andEveryAnswerAgreesOnTheRestrictedMethods_fromTheTotalWithTheFee() throws Exception {
        String admin = users.token(Role.ADMIN);
        String strict = STRICT_POLICY.formatted(OFFER_TOTAL);
        Http.Reply put = http.put("/v1/admin/verification-policy", admin, strict);
        try {
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            outlastTheBookingFunctionsPolicyCache();
            assertThat(http.get("/v1/admin/verification-policy", admin).json())
                    .isEqualTo(com.safehold.api.Json.MAPPER.readTree(strict));
            BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
            JsonNode offer = http.get("/v1/offers/" + s.offerId(), s.customer()).json();
            assertThat(offer.toString()).contains("\"totalCents\":" + OFFER_TOTAL);

            JsonNode atTotal = http.get("/v1/me/payment-methods?basketCents=" + OFFER_TOTAL, s.customer()).json();
            assertThat(texts(atTotal.get("allowed"))).containsExactly("prepayment");
            assertThat(texts(atTotal.get("verificationRequiredFor"))).containsExactly("invoice", "direct_debit", "card");
            JsonNode below = http.get("/v1/me/payment-methods?basketCents=" + (OFFER_TOTAL - 1), s.customer()).json();
            assertThat(texts(below.get("allowed"))).containsExactly("invoice", "direct_debit", "prepayment", "card");
            assertThat(below.get("verificationRequiredFor")).isEmpty();

            for (String method : List.of("pm_ok", "direct_debit", "invoice")) {
                Http.Reply refused = book(s, bookingJson(s, inDays(6), method));
                assertProblem(refused, 403, "verification_required");
                assertThat(texts(refused.json().get("allowedPaymentMethods"))).as(method).containsExactly("prepayment");
            }
            assertThat(start(s.customer(), freshLandline(), "prepayment", OFFER_TOTAL).json().get("required").asBoolean())
                    .isFalse();
            assertThat(start(s.customer(), freshLandline(), "invoice", OFFER_TOTAL - 1).json().get("required")
                    .asBoolean()).as("below the total nothing is needed").isFalse();

            Http.Reply mobile = start(s.customer(), freshMobile(), "invoice", OFFER_TOTAL);
            assertProblem(mobile, 422, "number_not_allowed");
            assertThat(mobile.json().get("reason").asText()).isEqualTo("line_type");
            assertThat(texts(mobile.json().get("allowedPaymentMethods"))).containsExactly("prepayment");
            Http.Reply mayBeMobile = start(s.customer(), "+12015550123", "invoice", OFFER_TOTAL);
            assertProblem(mayBeMobile, 422, "number_not_allowed");
            assertThat(mayBeMobile.json().get("reason").asText()).as("a US number may be mobile").isEqualTo("line_type");
            assertThat(texts(mayBeMobile.json().get("allowedPaymentMethods"))).containsExactly("prepayment");

            // card needs the call too, and the code is six digits; the third wrong one locks
            String landline = freshLandline();
            Http.Reply started = start(s.customer(), landline, "card", OFFER_TOTAL);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String id = started.json().get("verificationId").asText();
            String code = spokenCode(landline, 6);
            String wrong = code.equals("000000") ? "111111" : "000000";
            for (int left = 2; left >= 1; left--) {
                Http.Reply miss = http.post("/v1/verifications/" + id + "/confirm", s.customer(),
                        "{\"code\":\"" + wrong + "\"}");
                assertProblem(miss, 422, "wrong_code");
                assertThat(miss.json().get("attemptsLeft").asInt()).isEqualTo(left);
            }
            assertProblem(http.post("/v1/verifications/" + id + "/confirm", s.customer(), "{\"code\":\"" + wrong + "\"}"),
                    423, "too_many_attempts");

            assertThat(http.put("/v1/admin/verification-policy", admin, STRICT_POLICY.formatted(OFFER_TOTAL + 1))
                    .status()).isEqualTo(200);
            outlastTheBookingFunctionsPolicyCache();
            assertThat(texts(http.get("/v1/me/payment-methods?basketCents=" + OFFER_TOTAL, s.customer()).json()
                    .get("allowed"))).containsExactly("invoice", "direct_debit", "prepayment", "card");
            Http.Reply booked = book(s, bookingJson(s, inDays(6), "invoice"));
            assertThat(booked.status()).as("one cent below the minimum: " + booked.body()).isEqualTo(202);
            assertThat(booked.json().at("/amounts/totalCents").asLong()).isEqualTo(OFFER_TOTAL);
        } finally {
            assertThat(http.put("/v1/admin/verification-policy", admin, POLICY.formatted(true, true)).status())
                    .isEqualTo(200);
            outlastTheBookingFunctionsPolicyCache();
        }
    }

    /** The booking function reads the policy through a 30-second cache on the platform clock (decision 0013). */
    private static void outlastTheBookingFunctionsPolicyCache() {
        BookingEndToEndTest.advance(Duration.ofSeconds(31));
    }

    @Test
    void aCustomerGetsAtMostFiveCallsADay_thenTooManyCallsUntilMidnightUtc() {
        String customer = users.token(Role.CUSTOMER);
        for (int i = 0; i < com.safehold.domain.verification.VerificationService.CALLS_PER_CUSTOMER_PER_DAY; i++) {
            Http.Reply started = start(customer, freshMobile(), "invoice", 15000);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
        }
        java.time.Instant before = platform.clock().now();
        Http.Reply sixth = start(customer, freshMobile(), "invoice", 15000);
        java.time.Instant after = platform.clock().now();

        assertProblem(sixth, 429, "too_many_calls");
        long retryAfter = sixth.json().get("retryAfterSeconds").asLong();
        assertThat(sixth.header("retry-after")).isEqualTo(Long.toString(retryAfter));
        assertThat(retryAfter).isBetween(untilMidnightUtc(after) - 1, untilMidnightUtc(before) + 1);
        assertThat(start(users.token(Role.CUSTOMER), freshMobile(), "invoice", 15000).status())
                .as("another customer is not limited").isEqualTo(202);
    }

    private static long untilMidnightUtc(java.time.Instant at) {
        java.time.Instant midnight = java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return Duration.between(at, midnight).toSeconds();
    }

    /** The local voice sandbox refuses its opted-out number for good: the customer learns it and gets the fallback. */
    @Test
    void aCallThatCanNeverBePlaced_answersCallFailedWithTheRestrictedMethods() {
        String customer = users.token(Role.CUSTOMER);
        Http.Reply started = start(customer, LocalPlatform.OPTED_OUT_PHONE, "invoice", 15000);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("verificationId").asText();

        Http.Reply failed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            failed = http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"0000\"}");
            if (failed.status() != 422) {
                break; // wrong_code while the worker has not got to it yet
            }
            sleep();
        }
        assertProblem(failed, 409, "call_failed");
        assertThat(texts(failed.json().get("allowedPaymentMethods"))).containsExactly("prepayment", "card");
        assertThat(platform.outbox().to(LocalPlatform.OPTED_OUT_PHONE)).isEmpty();
    }

    @Test
    void badInput_isA400() {
        String customer = users.token(Role.CUSTOMER);
        String phone = freshMobile();
        String id = start(customer, phone, "invoice", 15000).json().get("verificationId").asText();
        for (String code : List.of("12a4", "", "-123", "123456789")) {
            assertProblem(http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"" + code + "\"}"),
                    400, "invalid_code");
        }
        assertProblem(http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":1234}"), 400,
                "invalid_type");
        assertProblem(http.get("/v1/me/payment-methods?basketCents=-1", customer), 400, "out_of_range");
        assertProblem(start(customer, freshMobile(), "invoice", -1), 400, "out_of_range");
        assertThat(http.post("/v1/verifications/" + id + "/confirm", customer, "{\"code\":\"" + spokenCode(phone)
                + "\"}").json().get("status").asText()).as("bad input cost no attempt").isEqualTo("VERIFIED");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
