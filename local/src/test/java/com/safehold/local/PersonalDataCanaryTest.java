package com.safehold.local;

import static com.safehold.local.BookingEndToEndTest.awaitBooking;
import static com.safehold.local.BookingEndToEndTest.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.TableDef;
import com.safehold.domain.common.Role;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SPEC 4.7: recognisable canary values (an e-mail, a phone number, a name, message and statement texts) go
 * through every feature that takes personal data, over HTTP; then every raw item of every table in DynamoDB
 * Local (read like anyone with the port would), everything the platform printed, and the outbox are searched
 * for them in plain text. None may be found.
 */
class PersonalDataCanaryTest {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String EMAIL = "canary-" + RUN + "@example.test";
    static final String PHONE = "+4915112349876";
    static final String NAME = "Zacharias Canaryfield";
    static final String MESSAGE = "Canary message " + RUN + " from " + NAME;
    static final String CHANGE = "Canary change " + RUN + ": meet at Canarystraße 7";
    static final String STATEMENT = "Canary statement " + RUN;
    static final String OBJECTION = "Canary objection " + RUN;
    /** A customer's position while scanning (inside the store) and their device: neither may be stored. */
    static final String SCAN_LAT = "48.21041357";
    static final String DEVICE = "canary-device-" + RUN;
    /** The provider's position at a check-in (inside the venue): used for the geofence, never stored. */
    static final String CHECK_IN_LAT = "48.21043789";
    /** A change request the provider rejects and reports: it becomes a dispute's evidence. */
    static final String REPORTED = "Canary reported change " + RUN;
    /** What a failed login tried: neither it nor the e-mail may be stored or printed on the lockout path. */
    static final String WRONG_PASSWORD = "Canary-Wrong-" + RUN + "!";

    static LocalPlatform platform;
    static Http http;
    static Users users;
    static final CapturedOutput printed = new CapturedOutput();

    @BeforeAll
    static void start() throws Exception {
        printed.install();
        platform = LocalPlatform.start(LocalConfig.ephemeral(), Catalog.safehold());
        http = new Http(platform.gatewayUri());
        users = new Users(platform, http);
        EndToEndTest.platform = platform; // the booking helpers read these
        EndToEndTest.http = http;
        EndToEndTest.users = users;
    }

    @AfterAll
    static void stop() {
        platform.close();
        printed.uninstall();
    }

    @Test
    void noCanaryIsStoredPrintedOrSentInPlainText() {
        // signup with e-mail and phone, login with MFA, a booking with its check-in secret
        Http.Reply signup = http.post("/v1/auth/signup", null, "{\"email\":\"" + EMAIL + "\",\"password\":\""
                + Users.PASSWORD + "\",\"role\":\"customer\",\"pseudonym\":\"Canary Client\",\"phone\":\"" + PHONE + "\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        String customer = users.signIn(EMAIL).accessToken();
        String providerEmail = users.signUp(Role.PROVIDER);
        String provider = users.signIn(providerEmail).accessToken();
        var offer = http.post("/v1/offers", provider, OffersEndToEndTest.offerJson(12000)).json();
        String bookingId = http.post("/v1/bookings", customer, """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(offer.get("offerId").asText(),
                inDays(3), offer.get("termsVersion").asText()), Map.of("idempotency-key", RUN)).json()
                .get("bookingId").asText();
        awaitBooking(customer, bookingId, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(http.post("/v1/bookings/" + bookingId + "/accept", provider, "", key()).status()).isEqualTo(200);

        // what the parties say: a message, a change request, a dispute and an objection, each with an
        // Idempotency-Key, so that what the idempotency table keeps of them is searched too (decision 0022)
        assertThat(http.post("/v1/bookings/" + bookingId + "/messages", customer,
                "{\"text\":\"" + MESSAGE + "\"}", key()).status()).isEqualTo(201);
        String changeId = http.post("/v1/bookings/" + bookingId + "/change-requests", customer,
                "{\"kind\":\"LOCATION\",\"text\":\"" + CHANGE + "\"}", key()).json().get("changeRequestId").asText();
        assertThat(http.post("/v1/bookings/" + bookingId + "/change-requests/" + changeId + "/reject", provider,
                "{\"report\":false}", key()).status()).isEqualTo(200);
        var dispute = http.post("/v1/bookings/" + bookingId + "/disputes", provider,
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"" + STATEMENT + "\"}", key());
        assertThat(dispute.status()).as(dispute.body()).isEqualTo(201);
        assertThat(http.post("/v1/disputes/" + dispute.json().get("disputeId").asText() + "/objection", customer,
                "{\"statement\":\"" + OBJECTION + "\"}", key()).status()).isEqualTo(200);
        // the API itself returns them to the parties, so they really went through
        assertThat(http.get("/v1/bookings/" + bookingId + "/messages", provider).body()).contains(MESSAGE);
        // a loyalty scan: the position and the device id are used, never stored
        String merchant = users.token(Role.MERCHANT);
        String storeId = LoyaltyEndToEndTest.openStore(merchant, LoyaltyEndToEndTest.LAT, LoyaltyEndToEndTest.LON);
        assertThat(http.post("/v1/loyalty/programs", merchant, "{\"storeIds\":[\"" + storeId
                + "\"],\"stampsPerReward\":3,\"cooldownMinutes\":5,\"reward\":\"Tea\"}").status()).isEqualTo(201);
        Http.Reply scanned = http.post("/v1/scans", customer, "{\"code\":\""
                + LoyaltyEndToEndTest.displayCode(merchant, storeId) + "\",\"lat\":" + SCAN_LAT + ",\"lon\":"
                + LoyaltyEndToEndTest.LON + ",\"accuracyMeters\":7,\"deviceId\":\"" + DEVICE + "\"}", key());
        assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);

        // more of the journey: a check-in with a position, a change request rejected with a report, an admin's
        // resolution, MFA enrolment of the customer, and failed logins up to the lockout with the canary e-mail
        Instant checkInSlot = inDays(1);
        String checkedIn = book(customer, offer, checkInSlot);
        String reported = book(customer, offer, inDays(5));
        for (String id : List.of(checkedIn, reported)) {
            assertThat(http.post("/v1/bookings/" + id + "/accept", provider, "", key()).status()).isEqualTo(200);
        }
        String reportedChange = http.post("/v1/bookings/" + reported + "/change-requests", customer,
                "{\"kind\":\"LOCATION\",\"text\":\"" + REPORTED + "\"}", key()).json().get("changeRequestId").asText();
        Http.Reply report = http.post("/v1/bookings/" + reported + "/change-requests/" + reportedChange + "/reject",
                provider, "{\"report\":true}", key());
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.json().get("disputeId").asText()).isNotBlank();
        Http.Reply resolved = http.post("/v1/admin/disputes/" + dispute.json().get("disputeId").asText() + "/resolve",
                users.token(Role.ADMIN), "{\"outcome\":\"RELEASE_TO_PROVIDER\"}", key());
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        BookingEndToEndTest.advance(Duration.between(platform.clock().now(), checkInSlot.minus(Duration.ofMinutes(10))));
        customer = users.signIn(EMAIL).accessToken();
        provider = users.signIn(providerEmail).accessToken();
        String checkInCode = http.get("/v1/bookings/" + checkedIn + "/check-in-code", customer).json().get("code").asText();
        Http.Reply checkIn = http.post("/v1/bookings/" + checkedIn + "/check-in", provider, "{\"code\":\"" + checkInCode
                + "\",\"lat\":" + CHECK_IN_LAT + ",\"lon\":16.3656,\"accuracyMeters\":8}", key());
        assertThat(checkIn.status()).as(checkIn.body()).isEqualTo(200);
        Http.Reply setup = http.post("/v1/auth/mfa/setup", customer, "{}", key());
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        String totpSecret = setup.json().get("secret").asText();
        Http.Reply enrolled = http.post("/v1/auth/mfa/verify", customer, "{\"code\":\""
                + new TotpCodes().codeAt(totpSecret, platform.clock().now()) + "\"}", key());
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        String recoveryCode = enrolled.json().at("/recoveryCodes/0").asText();
        // last: a locked account refuses its second factor too
        int lastFailure = 0;
        for (int attempt = 0; attempt < 8 && lastFailure != 423; attempt++) {
            lastFailure = http.post("/v1/auth/login", null, Users.credentials(EMAIL, WRONG_PASSWORD)).status();
            assertThat(lastFailure).isIn(401, 423);
        }
        assertThat(lastFailure).as("the failed logins reached the lockout").isEqualTo(423);

        // the export hands them all back to their owner, and must not print or store them on the way
        assertThat(http.get("/v1/me/export", customer).body()).contains(EMAIL, PHONE, MESSAGE, CHANGE, OBJECTION);

        // a phone verification of the canary number, with an 8-digit code: both may reach the call and nothing else
        assertThat(http.put("/v1/admin/verification-policy", users.token(Role.ADMIN),
                VerificationEndToEndTest.POLICY.formatted(true, true).replace("\"codeLength\":4", "\"codeLength\":8"))
                .status()).isEqualTo(200);
        Http.Reply verifying = http.post("/v1/verifications", customer, "{\"phone\":\"" + PHONE
                + "\",\"paymentMethod\":\"invoice\",\"basketCents\":15000}", key());
        assertThat(verifying.status()).as(verifying.body()).isEqualTo(202);
        String code = VerificationEndToEndTest.spokenCode(PHONE, 8);
        assertThat(http.post("/v1/verifications/" + verifying.json().get("verificationId").asText() + "/confirm", customer,
                "{\"code\":\"" + code + "\"}", key()).json().get("status").asText()).isEqualTo("VERIFIED");

        // the purge, a year on: what it deletes is searched before, what it writes (reports, accounting) after
        awaitBooking(provider, checkedIn, b -> b.at("/escrow/stillHeldCents").asLong() == 0);
        awaitBooking(provider, bookingId, b -> b.at("/escrow/stillHeldCents").asLong() == 0);
        String beforePurge = rawTables();
        BookingEndToEndTest.advance(Duration.ofDays(400));
        assertThat(http.post("/local/jobs/purge", null, "").status()).isEqualTo(200);
        String admin = users.token(Role.ADMIN);
        assertThat(http.get("/v1/bookings/" + checkedIn, admin).status()).as("purged").isEqualTo(404);

        List<String> canaries = List.of(EMAIL, PHONE, PHONE.substring(1), NAME, "Canaryfield", MESSAGE, CHANGE,
                STATEMENT, OBJECTION, "Canarystraße", SCAN_LAT, DEVICE);
        // the code as a value and as the call speaks it (eight digits alone could occur in a timestamp)
        List<String> codeCanaries = List.of("\"" + code + "\"", "S=" + code + ")", String.join(" ", code.split("")));

        String everything = rawTables();
        assertThat(everything.length()).as("the scan saw the tables").isGreaterThan(1000);
        assertThat(everything).as("the bookings table was read").contains(bookingId);
        assertThat(everything.lines().filter(line -> line.startsWith("idempotency: ")).count())
                .as("the idempotency table was read, with the keyed requests in it").isGreaterThanOrEqualTo(8);
        assertThat(everything).as("positive control: plain text in an item is found (the pseudonym is"
                + " public by design)").contains("Canary Client");
        for (String canary : canaries) {
            assertThat(everything).as("raw DynamoDB items").doesNotContain(canary);
        }
        for (String canary : codeCanaries) {
            assertThat(everything).as("raw DynamoDB items: the verification code").doesNotContain(canary);
        }

        String logs = printed.text();
        assertThat(logs).contains("POST /v1/bookings/{id}/disputes");
        List<Outbox.Message> sent = platform.outbox().to(null);
        assertThat(sent).as("positive control: the call reads the code to the number, and only the call")
                .anyMatch(m -> m.channel().equals("voice") && m.to().equals(PHONE) && m.text().contains(codeCanaries.get(2)));
        String outbox = sent.stream().filter(m -> !m.channel().equals("voice")).toList().toString();
        assertThat(outbox).contains(bookingId);
        for (String canary : canaries) {
            assertThat(logs).as("logs").doesNotContain(canary);
            assertThat(outbox).as("outbox").doesNotContain(canary);
        }
        for (String canary : codeCanaries) {
            assertThat(beforePurge).as("raw DynamoDB items before the purge: the verification code")
                    .doesNotContain(canary);
            assertThat(logs).as("logs: the verification code").doesNotContain(canary);
            assertThat(outbox).as("outbox: the verification code").doesNotContain(canary);
        }
        List<String> moreCanaries = List.of(CHECK_IN_LAT, REPORTED, WRONG_PASSWORD, totpSecret, recoveryCode);
        assertThat(beforePurge).as("the snapshot before the purge holds the checked-in booking").contains(checkedIn);
        for (String canary : Stream.concat(canaries.stream(), moreCanaries.stream()).toList()) {
            assertThat(beforePurge).as("raw DynamoDB items before the purge").doesNotContain(canary);
            assertThat(everything).as("raw DynamoDB items after the purge").doesNotContain(canary);
            assertThat(logs).as("logs").doesNotContain(canary);
            assertThat(outbox).as("outbox").doesNotContain(canary);
        }
    }

    /** A booking of {@code offer} by {@code customer}, waiting for the provider. */
    private static String book(String customer, JsonNode offer, Instant startsAt) {
        Http.Reply booked = http.post("/v1/bookings", customer, """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(offer.get("offerId").asText(),
                startsAt, offer.get("termsVersion").asText()), key());
        assertThat(booked.status()).as(booked.body()).isEqualTo(202);
        String id = booked.json().get("bookingId").asText();
        awaitBooking(customer, id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        return id;
    }

    /** Every raw item of every table, as text. */
    private static String rawTables() {
        StringBuilder all = new StringBuilder();
        try (DynamoDbClient raw = AwsClients.dynamoDb(AwsClients.local(
                URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
            for (String table : raw.listTables().tableNames()) {
                for (Map<String, AttributeValue> item : raw.scanPaginator(r -> r.tableName(table)).items()) {
                    all.append(table).append(": ").append(render(item)).append('\n');
                }
            }
        }
        return all.toString();
    }

    /** A fresh {@code Idempotency-Key} header. */
    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    /** An item as text, binary values decoded as UTF-8 too, so plaintext hidden in a blob would show. */
    private static String render(Map<String, AttributeValue> item) {
        StringBuilder sb = new StringBuilder(item.toString());
        item.values().forEach(value -> appendBinaries(sb, value));
        return sb.toString();
    }

    private static void appendBinaries(StringBuilder sb, AttributeValue value) {
        if (value.b() != null) {
            sb.append(" ").append(new String(value.b().asByteArray(), StandardCharsets.UTF_8));
        }
        if (value.hasL()) {
            value.l().forEach(v -> appendBinaries(sb, v));
        }
        if (value.hasM()) {
            value.m().values().forEach(v -> appendBinaries(sb, v));
        }
        if (value.hasBs()) {
            value.bs().forEach(b -> sb.append(" ").append(new String(b.asByteArray(), StandardCharsets.UTF_8)));
        }
    }
}
