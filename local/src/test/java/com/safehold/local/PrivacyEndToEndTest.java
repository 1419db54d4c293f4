package com.safehold.local;

import static com.safehold.local.AuthEndToEndTest.assertProblem;
import static com.safehold.local.BookingEndToEndTest.awaitBooking;
import static com.safehold.local.BookingEndToEndTest.book;
import static com.safehold.local.BookingEndToEndTest.bookingJson;
import static com.safehold.local.BookingEndToEndTest.inDays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldErasedException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SPEC 4.7 over HTTP: the export, erasure by crypto-shredding, and the KMS cost of per-person keys. */
class PrivacyEndToEndTest extends EndToEndTest {

    private static DynamoDbClient raw;

    @BeforeAll
    static void rawClient() {
        raw = AwsClients.dynamoDb(AwsClients.local(URI.create("http://127.0.0.1:" + platform.dynamoDbPort())));
    }

    @AfterAll
    static void closeRawClient() {
        raw.close();
    }

    @Test
    void theExportHoldsEverythingAboutTheCaller_andOnlyWhatTheCallerWrote() {
        String email = "export-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        assertThat(http.post("/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\"" + Users.PASSWORD
                + "\",\"role\":\"customer\",\"pseudonym\":\"Exporter\",\"phone\":\"+4915112340000\"}").status())
                .isEqualTo(201);
        BookingEndToEndTest.Setup s = withCustomer(BookingEndToEndTest.setup(), email);
        String id = acceptedBooking(s);
        post("/v1/bookings/" + id + "/messages", s.customer(), "{\"text\":\"mine: see you at ten\"}");
        post("/v1/bookings/" + id + "/messages", s.provider(), "{\"text\":\"theirs: fine\"}");
        post("/v1/bookings/" + id + "/change-requests", s.customer(), "{\"kind\":\"TIME\",\"text\":\"mine: half an hour later?\"}");

        Http.Reply reply = http.get("/v1/me/export", s.customer());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().get("cache-control")).containsExactly("no-store");
        JsonNode export = reply.json();
        assertThat(export.get("email").asText()).isEqualTo(email);
        assertThat(export.at("/profile/pseudonym").asText()).isEqualTo("Exporter");
        assertThat(export.at("/account/phone").asText()).isEqualTo("+4915112340000");
        assertThat(export.at("/account/role").asText()).isEqualTo("CUSTOMER");
        assertThat(export.get("bookings")).as(reply.body()).hasSize(1);
        JsonNode booking = export.get("bookings").get(0);
        assertThat(booking.get("bookingId").asText()).isEqualTo(id);
        assertThat(booking.get("role").asText()).isEqualTo("customer");
        assertThat(booking.at("/amounts/totalCents").asLong()).isEqualTo(13200);
        assertThat(booking.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("mine: see you at ten");
        assertThat(booking.at("/changeRequests/0/text").asText()).isEqualTo("mine: half an hour later?");
        assertThat(reply.body()).doesNotContain("theirs: fine").doesNotContain("totpSecret").doesNotContain("recoveryCodes\"");

        JsonNode providers = http.get("/v1/me/export", s.provider()).json();
        assertThat(providers.at("/bookings/0/role").asText()).isEqualTo("provider");
        assertThat(providers.at("/bookings/0/messages")).extracting(m -> m.get("text").asText())
                .containsExactly("theirs: fine");
        assertThat(providers.toString()).doesNotContain("mine:").doesNotContain(email);
    }

    @Test
    void theExportHoldsVerificationsCardsScansOffersAndStores_andNeitherSideSeesTheOthersDisputeText() {
        String admin = users.token(Role.ADMIN);
        assertThat(http.put("/v1/admin/verification-policy", admin, VerificationEndToEndTest.POLICY.formatted(true, true))
                .status()).isEqualTo(200);
        DisputeEndToEndTest.Accepted a = DisputeEndToEndTest.accepted();
        String customer = a.s().customer();
        String provider = a.s().provider();
        String phone = VerificationEndToEndTest.freshMobile();
        Http.Reply verifying = VerificationEndToEndTest.start(customer, phone, "invoice", 15000);
        assertThat(verifying.status()).as(verifying.body()).isEqualTo(202);
        LoyaltyEndToEndTest.Shop shop = LoyaltyEndToEndTest.shop(5, 0);
        Http.Reply scanned = LoyaltyEndToEndTest.scanInStore(customer, LoyaltyEndToEndTest.displayCode(shop), "dev-x");
        assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
        post("/v1/bookings/" + a.bookingId() + "/messages", provider, "{\"text\":\"theirs: bring cash\"}");
        Http.Reply filed = http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"mine: shouted at me\"}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        Http.Reply objected = http.post("/v1/disputes/" + filed.json().get("disputeId").asText() + "/objection",
                provider, "{\"statement\":\"theirs: never happened\"}");
        assertThat(objected.status()).as(objected.body()).isEqualTo(200);

        JsonNode mine = http.get("/v1/me/export", customer).json();
        String providerId = http.get("/v1/me/export", provider).json().get("userId").asText();

        assertThat(mine.get("verifications")).as(mine.toString()).singleElement().satisfies(v -> {
            assertThat(v.get("verificationId").asText()).isEqualTo(verifying.json().get("verificationId").asText());
            assertThat(v.get("phone").asText()).isEqualTo(phone);
            assertThat(v.get("status").asText()).isEqualTo("CALLING");
            assertThat(v.get("createdAt").asText()).isNotBlank();
        });
        assertThat(mine.get("loyaltyCards")).singleElement().satisfies(c -> {
            assertThat(c.get("programId").asText()).isEqualTo(shop.programId());
            assertThat(c.get("stamps")).singleElement().satisfies(st ->
                    assertThat(st.get("storeId").asText()).isEqualTo(shop.storeId()));
        });
        assertThat(mine.get("scans")).singleElement().satisfies(sc -> {
            assertThat(sc.get("storeId").asText()).isEqualTo(shop.storeId());
            assertThat(sc.get("outcome").asText()).isEqualTo("accepted");
            assertThat(sc.get("distance").asText()).isEqualTo("inside");
            assertThat(sc.has("lat")).as("no position is stored, so none is exported").isFalse();
        });
        assertThat(mine.get("offers")).isEmpty();
        assertThat(mine.get("stores")).isEmpty();
        JsonNode dispute = mine.at("/bookings/0/disputes/0");
        assertThat(dispute.get("statement").asText()).isEqualTo("mine: shouted at me");
        assertThat(mine.toString()).as("nothing the provider wrote, and not who they are beyond the pseudonym")
                .doesNotContain("theirs:").doesNotContain(providerId).doesNotContain(a.s().providerEmail());

        JsonNode theirs = http.get("/v1/me/export", provider).json();
        assertThat(theirs.get("offers")).singleElement().satisfies(o -> {
            assertThat(o.get("offerId").asText()).isEqualTo(a.s().offerId());
            assertThat(o.get("title").asText()).isNotBlank();
            assertThat(o.get("terms")).isNotEmpty();
        });
        assertThat(theirs.at("/bookings/0/disputes/0/objection").asText()).isEqualTo("theirs: never happened");
        assertThat(theirs.toString()).doesNotContain("mine:").doesNotContain(phone).doesNotContain("dev-x")
                .doesNotContain(mine.get("userId").asText());
        assertThat(theirs.get("verifications")).isEmpty();
        assertThat(theirs.get("loyaltyCards")).isEmpty();

        JsonNode merchants = http.get("/v1/me/export", shop.merchant()).json();
        assertThat(merchants.get("stores")).singleElement().satisfies(st -> {
            assertThat(st.get("storeId").asText()).isEqualTo(shop.storeId());
            assertThat(st.get("name").asText()).isEqualTo("Café Central");
            assertThat(st.get("lat").asDouble()).isEqualTo(LoyaltyEndToEndTest.LAT);
            assertThat(st.has("secret")).isFalse();
        });
        assertThat(merchants.get("scans")).as("customers' scans at the store are theirs, not the merchant's").isEmpty();
        assertThat(merchants.toString()).doesNotContain(mine.get("userId").asText());
    }

    @Test
    void erasureIsRefusedWhileABookingIsOpen_andChangesNothing() {
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        String id = acceptedBooking(s);

        for (String token : List.of(s.customer(), s.provider())) {
            Http.Reply refused = http.delete("/v1/me", token);
            assertProblem(refused, 409, "open_obligations");
            assertThat(refused.json().get("bookingIds")).extracting(JsonNode::asText).containsExactly(id);
        }

        assertThat(http.get("/v1/me/export", s.customer()).status()).isEqualTo(200);
        assertThat(users.signIn(s.customerEmail()).accessToken()).isNotBlank();
        assertThat(http.get("/v1/bookings/" + id, s.provider()).json().at("/counterparty")).isNotEmpty();
        assertThat(book(s, bookingJson(s, inDays(9), "pm_ok")).status()).as("no erasure mark was left").isEqualTo(202);
    }

    @Test
    void erasureIsRefusedWhileADisputeIsOpen() {
        DisputeEndToEndTest.Accepted a = DisputeEndToEndTest.accepted();
        String customer = a.s().customer();
        String provider = a.s().provider();
        Http.Reply filed = http.post("/v1/bookings/" + a.bookingId() + "/disputes", customer,
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"rude on the phone\"}");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(http.get("/v1/bookings/" + a.bookingId(), customer).json().get("status").asText())
                .isEqualTo("DISPUTED");

        for (String token : List.of(customer, provider)) {
            Http.Reply refused = http.delete("/v1/me", token);
            assertProblem(refused, 409, "open_obligations");
            assertThat(refused.json().get("bookingIds")).extracting(JsonNode::asText).containsExactly(a.bookingId());
        }
        assertThat(http.get("/v1/disputes/" + filed.json().get("disputeId").asText(), provider).status())
                .as("the dispute is still there for both parties").isEqualTo(200);
    }

    @Test
    void erasureShredsEveryCopy_deletesTheUser_andKeepsTheAccountingPseudonymised() {
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        String id = book(s, bookingJson(s, inDays(5), "pm_ok")).json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        post("/v1/bookings/" + id + "/messages", s.customer(), "{\"text\":\"please ring twice\"}");
        post("/v1/bookings/" + id + "/messages", s.provider(), "{\"text\":\"will do\"}");
        assertThat(http.post("/v1/bookings/" + id + "/decline", s.provider(), "").status()).isEqualTo(200);
        awaitBooking(s.customer(), id, b -> b.at("/escrow/refundedCents").asLong() == 13200);
        UserId customer = new UserId(http.get("/v1/me/export", s.customer()).json().get("userId").asText());

        // a backup taken before the erasure, and proof that it is readable now
        Map<String, AttributeValue> backup = customersMessage(id, customer);
        FieldContext place = new FieldContext(customer, "messages", backup.get("messageId").s(), "text");
        assertThat(platform.newFieldCipher().decrypt(backup.get("text").b().asByteArray(), place))
                .isEqualTo("please ring twice");

        Http.Reply erased = http.delete("/v1/me", s.customer());
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);

        FieldCipher cold = platform.newFieldCipher();
        assertThatThrownBy(() -> cold.decrypt(backup.get("text").b().asByteArray(), place))
                .isInstanceOf(FieldErasedException.class);
        raw.putItem(r -> r.tableName(Tables.MESSAGES.name()).item(backup)); // the backup restored
        // A warm function may still hold the key in memory for the cache age (5 minutes), then it is gone there too.
        BookingEndToEndTest.advance(Duration.ofMinutes(6));
        JsonNode thread = http.get("/v1/bookings/" + id + "/messages", s.provider()).json().get("messages");
        assertThat(thread).extracting(m -> m.get("text").isNull() ? null : m.get("text").asText())
                .containsExactlyInAnyOrder(null, "will do");

        assertThat(item(Tables.KEYS.name(), "owner", customer).keySet()).containsExactlyInAnyOrder("owner", "shreddedAt");
        assertThat(item(Tables.ACCOUNTS.name(), "userId", customer)).isEmpty();
        assertThat(item(Tables.USERS.name(), "userId", customer).keySet())
                .as("the erasure record, without personal data").containsExactlyInAnyOrder("userId", "erasingAt", "erasedAt");
        assertThat(http.get("/v1/me/export", s.customer()).status()).as("the old token is dead").isEqualTo(401);
        Http.Reply login = http.post("/v1/auth/login", null, Users.credentials(s.customerEmail(), Users.PASSWORD));
        assertThat(login.status()).as("the user is gone from the pool").isEqualTo(401);

        JsonNode booking = http.get("/v1/bookings/" + id, s.provider()).json();
        assertThat(booking.get("status").asText()).isEqualTo("DECLINED");
        assertThat(booking.has("counterparty")).as("no profile is shown for an erased person").isFalse();
        JsonNode ledger = http.get("/v1/bookings/" + id + "/ledger", s.provider()).json();
        assertThat(ledger.get("verified").asBoolean()).isTrue();
        long sum = 0;
        for (JsonNode entry : ledger.get("entries")) {
            sum += entry.get("amountCents").asLong();
        }
        assertThat(sum).as("every ledger transaction still balances").isZero();
    }

    @Test
    void nobodyCanBookAnErasedProvider() {
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        assertThat(http.delete("/v1/me", s.provider()).status()).isEqualTo(204);

        assertProblem(book(s, bookingJson(s, inDays(4), "pm_ok")), 404, "not_found");
    }

    @Test
    void anErasedProvidersOfferIsGone_notAServerError() {
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        assertThat(http.get("/v1/offers/" + s.offerId(), s.customer()).status()).isEqualTo(200);
        assertThat(http.delete("/v1/me", s.provider()).status()).isEqualTo(204);

        assertProblem(http.get("/v1/offers/" + s.offerId(), s.customer()), 404, "not_found");
    }

    @Test
    void anErasedMerchantsStoresAcceptNoCodes_displayOrReceipt() {
        LoyaltyEndToEndTest.Shop shop = LoyaltyEndToEndTest.shop(5, 0);
        String display = LoyaltyEndToEndTest.displayCode(shop);
        Http.Reply issued = http.post("/v1/stores/" + shop.storeId() + "/receipt-codes", shop.merchant(),
                "{\"count\":2,\"expiresInHours\":24}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String customer = users.token(Role.CUSTOMER);
        Http.Reply before = LoyaltyEndToEndTest.scanInStore(customer, issued.json().at("/codes/0").asText(), "d-1");
        assertThat(before.status()).as("the receipt code works before the erasure: " + before.body()).isEqualTo(200);

        assertThat(http.delete("/v1/me", shop.merchant()).status()).isEqualTo(204);
        // past the warm caches' key age (decision 0011): every function now reads the tombstone
        BookingEndToEndTest.advance(Duration.ofMinutes(6));

        assertProblem(LoyaltyEndToEndTest.scanInStore(customer, display, "d-2"), 400, "invalid_code");
        assertProblem(LoyaltyEndToEndTest.scanInStore(customer, issued.json().at("/codes/1").asText(), "d-3"),
                400, "invalid_code");
        Http.Reply cards = http.get("/v1/loyalty/cards", customer);
        assertThat(cards.status()).as(cards.body()).isEqualTo(200);
        assertThat(cards.json().at("/cards/0/stamps").asInt()).as("only the stamp from before the erasure").isEqualTo(1);
    }

    @Test
    void kmsRequestsPerBookingLifecycle_growWithPeopleNotWithRequests() {
        BookingEndToEndTest.Setup s = BookingEndToEndTest.setup();
        var start = platform.kmsCalls();
        long before = start.total();
        String first = acceptedBooking(s);
        post("/v1/bookings/" + first + "/messages", s.customer(), "{\"text\":\"hello\"}");
        post("/v1/bookings/" + first + "/messages", s.provider(), "{\"text\":\"hi\"}");
        http.get("/v1/bookings/" + first + "/messages", s.customer());
        var afterOne = platform.kmsCalls();
        long oneLifecycle = afterOne.total() - before;

        for (int i = 0; i < 3; i++) {
            String next = acceptedBooking(s);
            post("/v1/bookings/" + next + "/messages", s.customer(), "{\"text\":\"again " + i + "\"}");
            http.get("/v1/bookings/" + next + "/messages", s.provider());
        }
        long fourLifecycles = platform.kmsCalls().total() - before;

        System.out.println("kms-requests-per-booking-lifecycle first=" + oneLifecycle + " (GenerateDataKey "
                + (afterOne.generateDataKey() - start.generateDataKey()) + ", Decrypt "
                + (afterOne.decrypt() - start.decrypt()) + ") four=" + fourLifecycles);
        assertThat(oneLifecycle).as("two people, one key each, opened at most once per function").isBetween(2L, 12L);
        assertThat(fourLifecycles).as("the same two people: no new KMS requests").isEqualTo(oneLifecycle);
    }

    private static String acceptedBooking(BookingEndToEndTest.Setup s) {
        Http.Reply booked = book(s, bookingJson(s, inDays(3 + (int) (Math.random() * 300)), "pm_ok"));
        assertThat(booked.status()).as(booked.body()).isEqualTo(202);
        String id = booked.json().get("bookingId").asText();
        awaitBooking(s.customer(), id, b -> b.get("status").asText().equals("PENDING_PROVIDER"));
        assertThat(http.post("/v1/bookings/" + id + "/accept", s.provider(), "").status()).isEqualTo(200);
        return id;
    }

    private static BookingEndToEndTest.Setup withCustomer(BookingEndToEndTest.Setup s, String email) {
        return new BookingEndToEndTest.Setup(s.providerEmail(), s.provider(), email, users.signIn(email).accessToken(),
                s.offerId(), s.termsVersion());
    }

    private static void post(String path, String token, String body) {
        Http.Reply reply = http.post(path, token, body);
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(201);
    }

    private static Map<String, AttributeValue> customersMessage(String bookingId, UserId customer) {
        return raw.query(r -> r.tableName(Tables.MESSAGES.name()).keyConditionExpression("bookingId = :b")
                        .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bookingId)))).items().stream()
                .filter(item -> item.get("senderId").s().equals(customer.value())).findFirst().orElseThrow();
    }

    private static Map<String, AttributeValue> item(String table, String keyName, UserId key) {
        return raw.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(keyName, AttributeValue.fromS(key.value())))).item();
    }
}
