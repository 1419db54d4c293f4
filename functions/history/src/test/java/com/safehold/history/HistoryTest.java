package com.safehold.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbPurgeStore;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.ConsentReceipt;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.history.PurgeReport;
import com.safehold.domain.history.PurgeService;
import com.safehold.domain.history.PurgeStore;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import com.safehold.adapters.Deployment;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.disputes.DisputeService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The export's pages and the purge's resumability, against DynamoDB Local, driven by the sample events. */
class HistoryTest {

    /** One deployment (one keyring) for every test: they share DynamoDB Local, and the purge reads all their bookings. */
    private static final TestDeployment deployment = new TestDeployment();
    private final DynamoDbBookingStore bookings = Wiring.bookingStore(deployment);
    private final UserId provider = new UserId(UUID.randomUUID().toString());

    @Test
    void theExportPagesThroughAProvidersBookings_eachOnceAndOnlyThoseEndedBefore() throws Exception {
        Instant start = deployment.clock().now().minus(Duration.ofDays(10));
        for (int i = 0; i < 230; i++) {
            assertThat(bookings.create(booking(provider, start.plus(Duration.ofHours(i)), BookingStatus.COMPLETED)))
                    .isTrue();
        }
        assertThat(bookings.create(booking(provider, deployment.clock().now().plus(Duration.ofDays(5)),
                BookingStatus.ACCEPTED))).isTrue(); // ends after "before": not exported
        HistoryApiHandler handler = new HistoryApiHandler(deployment);

        List<APIGatewayV2HTTPResponse> pages = exportAll(handler);

        Set<String> exported = new HashSet<>();
        for (APIGatewayV2HTTPResponse page : pages) {
            for (String line : page.getBody().lines().toList()) {
                assertThat(exported.add(com.safehold.api.Json.MAPPER.readTree(line).get("bookingId").asText())).isTrue();
            }
        }
        assertThat(exported).hasSize(230);
        assertThat(pages).hasSizeBetween(3, 4);
    }

    @Test
    void aPageEndsEarlyWhenItsTextsAreLong_soEveryResponseStaysUnderLambdasLimit_andNamesNobodyById() throws Exception {
        Instant start = deployment.clock().now().minus(Duration.ofDays(20));
        List<Booking> chatty = new ArrayList<>();
        String text = "w".repeat(DisputeService.MAX_TEXT);
        var safety = Wiring.safetyStore(deployment, bookings);
        for (int i = 0; i < 6; i++) {
            Booking b = booking(provider, start.plus(Duration.ofHours(i)), BookingStatus.COMPLETED);
            bookings.create(b);
            chatty.add(b);
            for (int m = 0; m < 100; m++) {
                UserId sender = m % 2 == 0 ? b.customerId() : provider;
                safety.addMessage(new Message(b.bookingId(), "msg_" + i + "_" + m, sender, text, start.plusSeconds(m)));
            }
        }
        HistoryApiHandler handler = new HistoryApiHandler(deployment);

        List<Integer> linesPerPage = new ArrayList<>();
        Set<String> exported = new HashSet<>();
        for (APIGatewayV2HTTPResponse response : exportAll(handler)) {
            assertThat(response.getBody().getBytes(StandardCharsets.UTF_8).length).isLessThan(6 * 1024 * 1024);
            List<String> lines = response.getBody().lines().toList();
            for (String line : lines) {
                var json = com.safehold.api.Json.MAPPER.readTree(line);
                exported.add(json.get("bookingId").asText());
                Booking b = chatty.stream().filter(c -> c.bookingId().equals(json.get("bookingId").asText()))
                        .findFirst().orElseThrow();
                assertThat(line).doesNotContain(b.customerId().value()).doesNotContain(provider.value());
                assertThat(json.get("messages")).hasSize(100);
                assertThat(json.get("messages").get(0).get("from").asText()).isEqualTo("customer");
                assertThat(json.get("messages").get(1).get("from").asText()).isEqualTo("you");
            }
            linesPerPage.add(lines.size());
        }

        assertThat(exported).containsExactlyInAnyOrderElementsOf(chatty.stream().map(Booking::bookingId).toList());
        assertThat(linesPerPage).as("4 bookings of 400,000 characters pass the page's text budget").startsWith(4, 2);
    }

    @Test
    void aCursorThatNoPageGaveIsRefused_beforeItReachesTheIndex() {
        HistoryApiHandler handler = new HistoryApiHandler(deployment);
        for (String cursor : List.of("", "x".repeat(3000), "bkg_../../", "bkg_" + "A".repeat(32))) {
            APIGatewayV2HTTPEvent page = event();
            page.setQueryStringParameters(Map.of("before", "2026-11-24", "cursor", cursor));
            APIGatewayV2HTTPResponse response = handler.handleRequest(page, null);
            assertThat(response.getStatusCode()).as(cursor).isEqualTo(400);
            assertThat(response.getBody()).contains("invalid_cursor");
        }
    }

    @Test
    void aPurgeThatCrashesMidBatchIsFinishedByTheNextRun_andARunAfterThatChangesNothing() {
        UserId own = new UserId(UUID.randomUUID().toString());
        DynamoDbPurgeStore real = Wiring.purgeStore(deployment);
        real.setRetention(own, 1);
        List<String> ids = new ArrayList<>();
        Instant longAgo = deployment.clock().now().minus(Duration.ofDays(3));
        for (int i = 0; i < 5; i++) {
            Booking b = booking(own, longAgo.plus(Duration.ofHours(i)), BookingStatus.COMPLETED);
            bookings.create(b);
            Wiring.safetyStore(deployment, bookings).addMessage(new Message(b.bookingId(), "msg_" + i, own, "said " + i,
                    longAgo));
            ids.add(b.bookingId());
        }
        AtomicInteger purges = new AtomicInteger();
        PurgeStore crashing = new Delegating(real) {
            @Override
            public boolean purge(Booking booking, Instant at, Instant keepUntil) {
                // Counts only this test's bookings: the other tests' due bookings share the table and may come first.
                if (ids.contains(booking.bookingId()) && purges.incrementAndGet() == 3) {
                    Wiring.safetyStore(deployment, bookings).deleteAll(booking.bookingId()); // the children went...
                    throw new ProcessDied(); // ...then the process died
                }
                return super.purge(booking, at, keepUntil);
            }
        };
        PurgeService settingsFor = service(crashing);
        assertThatThrownBy(() -> settingsFor.run(() -> true)).isInstanceOf(ProcessDied.class);
        long purgedAfterCrash = ids.stream().filter(id -> bookings.find(id).isEmpty()).count();
        assertThat(purgedAfterCrash).isEqualTo(2);

        PurgeReport resumed = service(real).run(() -> true);
        assertThat(resumed.purged()).isGreaterThanOrEqualTo(3);
        assertThat(ids).allSatisfy(id -> assertThat(bookings.find(id)).isEmpty());
        Map<String, AttributeValue> record = raw(ids.get(2));

        PurgeReport again = service(real).run(() -> true);
        assertThat(again.purged()).isZero();
        assertThat(raw(ids.get(2))).isEqualTo(record);
        assertThat(real.runs(5)).extracting(PurgeReport::runId).contains(resumed.runId(), again.runId());
    }

    @Test
    void aMessagePostedWhileItsBookingIsBeingPurged_isRefused_andNoTextOutlivesThePurge() {
        UserId own = new UserId(UUID.randomUUID().toString());
        DynamoDbPurgeStore real = Wiring.purgeStore(deployment);
        real.setRetention(own, 1);
        Booking booking = booking(own, deployment.clock().now().minus(Duration.ofDays(3)), BookingStatus.COMPLETED);
        bookings.create(booking);
        DisputeService disputes = new DisputeService(bookings, Wiring.safetyStore(deployment, bookings), settings(),
                commands -> { }, (recipients, notification) -> { }, deployment.ids(), deployment.clock());
        Caller customer = new Caller(booking.customerId(), Set.of(Role.CUSTOMER));
        disputes.postMessage(customer, booking.bookingId(), "before the purge");
        AtomicReference<RuntimeException> lateAnswer = new AtomicReference<>();
        // Right after the purge deleted this booking's messages, before its accounting record: the customer writes.
        Deployment racing = afterDeletingMessagesOf(booking.bookingId(), () -> {
            try {
                disputes.postMessage(customer, booking.bookingId(), "in between");
            } catch (RuntimeException refused) {
                lateAnswer.set(refused);
            }
        });

        service(Wiring.purgeStore(racing)).run(() -> true);

        assertThat(lateAnswer.get()).isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo("not_found"));
        assertThat(bookings.find(booking.bookingId())).isEmpty();
        assertThat(deployment.dynamoDb().query(r -> r.tableName(Tables.MESSAGES.name()).consistentRead(true)
                .keyConditionExpression("bookingId = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(booking.bookingId())))).items()).isEmpty();
        assertThatThrownBy(() -> disputes.postMessage(customer, booking.bookingId(), "after"))
                .isInstanceOf(DomainException.class);
    }

    @SuppressWarnings("unchecked")
    private static BatchWriteItemRequest batchOf(Object argument) { // the request, or the builder's consumer
        return argument instanceof BatchWriteItemRequest request ? request
                : BatchWriteItemRequest.builder().applyMutation((Consumer<BatchWriteItemRequest.Builder>) argument).build();
    }

    /** This deployment, with a DynamoDB client that runs {@code then} once the messages of the booking were deleted. */
    private static Deployment afterDeletingMessagesOf(String bookingId, Runnable then) {
        DynamoDbClient real = deployment.dynamoDb();
        AtomicBoolean done = new AtomicBoolean();
        DynamoDbClient client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (self, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("batchWriteItem") && batchOf(args[0]).requestItems().getOrDefault(Tables.MESSAGES.name(), List.of()).stream()
                                    .anyMatch(w -> w.deleteRequest() != null
                                            && bookingId.equals(w.deleteRequest().key().get("bookingId").s()))
                            && done.compareAndSet(false, true)) {
                        then.run();
                    }
                    return answer;
                });
        return new Deployment() {
            @Override
            public com.safehold.domain.common.Clock clock() {
                return deployment.clock();
            }

            @Override
            public com.safehold.domain.common.Ids ids() {
                return deployment.ids();
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return client;
            }

            @Override
            public com.safehold.domain.crypto.FieldCipher fieldCipher() {
                return deployment.fieldCipher();
            }

            @Override
            public String tableName(com.safehold.catalog.TableDef table) {
                return deployment.tableName(table);
            }
        };
    }

    /** The real store; a test overrides what it makes fail. */
    private static class Delegating implements PurgeStore {
        private final PurgeStore real;

        Delegating(PurgeStore real) {
            this.real = real;
        }

        @Override
        public Due due(Instant endedBefore, String resumeAfter, int limit) {
            return real.due(endedBefore, resumeAfter, limit);
        }

        @Override
        public Due dueFor(UserId provider, Instant endedBefore, String resumeAfter, int limit) {
            return real.dueFor(provider, endedBefore, resumeAfter, limit);
        }

        @Override
        public boolean purge(Booking booking, Instant at, Instant keepUntil) {
            return real.purge(booking, at, keepUntil);
        }

        @Override
        public Map<UserId, Integer> customRetention() {
            return real.customRetention();
        }

        @Override
        public void setRetention(UserId provider, int days) {
            real.setRetention(provider, days);
        }

        @Override
        public void saveRun(PurgeReport report) {
            real.saveRun(report);
        }

        @Override
        public List<PurgeReport> runs(int limit) {
            return real.runs(limit);
        }
    }

    /** A crash the code cannot catch (an Error, like the JVM dying), unlike a failing write. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("crash", null, false, false);
        }
    }

    @Test
    void aBookingWhosePurgeFailsIsReported_andDoesNotStopTheOthers() {
        UserId own = new UserId(UUID.randomUUID().toString());
        DynamoDbPurgeStore real = Wiring.purgeStore(deployment);
        real.setRetention(own, 1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Booking b = booking(own, deployment.clock().now().minus(Duration.ofDays(3)).plus(Duration.ofHours(i)),
                    BookingStatus.COMPLETED);
            bookings.create(b);
            ids.add(b.bookingId());
        }
        PurgeStore failingOnTheFirst = new Delegating(real) {
            @Override
            public boolean purge(Booking booking, Instant at, Instant keepUntil) {
                if (booking.bookingId().equals(ids.getFirst())) {
                    throw new IllegalStateException("the write failed");
                }
                return super.purge(booking, at, keepUntil);
            }

            @Override
            public Map<UserId, Integer> customRetention() {
                return Map.of(own, 1);
            }
        };

        PurgeReport report = service(failingOnTheFirst).run(() -> true);

        assertThat(report.failed()).containsExactly(ids.getFirst());
        assertThat(bookings.find(ids.get(1))).isEmpty();
        assertThat(bookings.find(ids.get(2))).isEmpty();
        assertThat(bookings.find(ids.getFirst())).isPresent();
        assertThat(real.runs(50)).filteredOn(r -> r.runId().equals(report.runId())).singleElement()
                .satisfies(r -> assertThat(r.failed()).containsExactly(ids.getFirst()));
    }

    @Test
    void theRetentionAndPurgeRunsSampleEvents_areAnsweredByTheHandler() throws Exception {
        HistoryApiHandler handler = new HistoryApiHandler(deployment);
        APIGatewayV2HTTPEvent retention = signedIn(EventLoader.loadApiGatewayHttpEvent("../../events/history-retention.json"),
                provider.value());
        APIGatewayV2HTTPResponse set = handler.handleRequest(retention, null);
        assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(200);
        assertThat(Wiring.purgeStore(deployment).customRetention()).containsEntry(provider, 90);

        service(Wiring.purgeStore(deployment)).run(() -> true);
        APIGatewayV2HTTPEvent runs = signedIn(EventLoader.loadApiGatewayHttpEvent("../../events/history-purge-runs.json"),
                UUID.randomUUID().toString());
        APIGatewayV2HTTPResponse listed = handler.handleRequest(runs, null);
        assertThat(listed.getStatusCode()).as(listed.getBody()).isEqualTo(200);
        var first = com.safehold.api.Json.MAPPER.readTree(listed.getBody()).at("/runs/0");
        assertThat(first.get("durationMs").asLong()).isEqualTo(Duration.between(Instant.parse(first.get("startedAt").asText()),
                Instant.parse(first.get("finishedAt").asText())).toMillis());
        assertThat(first.get("complete").asBoolean()).isTrue();
    }

    @Test
    void theScheduledSampleEventRunsThePurge() {
        // read with the Lambda runtime's serialization library, into the map this handler takes
        @SuppressWarnings("unchecked")
        Map<String, Object> event = EventLoader.loadEvent("../../events/purge-scheduled.json", Map.class);
        assertThat(event).containsEntry("detail-type", "Scheduled Event");
        String runId = new PurgeHandler(deployment).handleRequest(event, null);
        assertThat(Wiring.purgeStore(deployment).runs(50)).extracting(PurgeReport::runId).contains(runId);
    }

    private PurgeService service(PurgeStore store) {
        return new PurgeService(store, settings(), deployment.clock(), deployment.ids());
    }

    private static DynamoDbSettingsSource settings() {
        return new DynamoDbSettingsSource(deployment.dynamoDb(), Tables.SETTINGS.name());
    }

    private Map<String, AttributeValue> raw(String bookingId) {
        return deployment.dynamoDb().getItem(r -> r.tableName(Tables.BOOKINGS.name()).consistentRead(true)
                .key(Map.of("bookingId", AttributeValue.fromS(bookingId)))).item();
    }

    /** Every page of the provider's export before 2026-11-24, following the cursors; each answered 200. */
    private List<APIGatewayV2HTTPResponse> exportAll(HistoryApiHandler handler) {
        List<APIGatewayV2HTTPResponse> pages = new ArrayList<>();
        String cursor = null;
        do {
            APIGatewayV2HTTPEvent page = event();
            Map<String, String> query = new HashMap<>(Map.of("before", "2026-11-24"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            page.setQueryStringParameters(query);
            APIGatewayV2HTTPResponse response = handler.handleRequest(page, null);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            pages.add(response);
            cursor = response.getHeaders().get("x-next-cursor");
            if (cursor != null) {
                assertThat(response.getHeaders().get("link")).contains("cursor=").endsWith("rel=\"next\"");
            }
        } while (cursor != null);
        return pages;
    }

    private APIGatewayV2HTTPEvent event() {
        return signedIn(EventLoader.loadApiGatewayHttpEvent("../../events/history-export.json"), provider.value());
    }

    /** The sample event with its caller's grant recorded, as the auth function does at login. */
    private static APIGatewayV2HTTPEvent signedIn(APIGatewayV2HTTPEvent e, String sub) {
        Map<String, String> claims = new HashMap<>(e.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", sub);
        claims.put("jti", deployment.signIn(sub));
        e.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return e;
    }

    private static Booking booking(UserId provider, Instant startsAt, BookingStatus status) {
        UserId customer = new UserId(UUID.randomUUID().toString());
        return new Booking("bkg_" + UUID.randomUUID().toString().replace("-", ""), "off_1", customer, provider, startsAt,
                startsAt.plus(Duration.ofMinutes(30)), status,
                Amounts.of(Money.of(12000, Currency.getInstance("EUR")), 10), "pm_ok",
                new ConsentReceipt(customer, startsAt.minus(Duration.ofDays(3)), "v1", "hash", true, true),
                new CancellationPolicy(48, 50, 6), null, List.of(), "CHECKINSECRET", 0, List.of(), EscrowBalance.NONE,
                List.of(), null, 0);
    }
}
