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

        Set<String> exported = new HashSet<>();
        int pages = 0;
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
            for (String line : response.getBody().lines().toList()) {
                assertThat(exported.add(com.safehold.api.Json.MAPPER.readTree(line).get("bookingId").asText())).isTrue();
            }
            cursor = response.getHeaders().get("x-next-cursor");
            if (cursor != null) {
                assertThat(response.getHeaders().get("link")).contains("cursor=").endsWith("rel=\"next\"");
            }
            pages++;
        } while (cursor != null);

        assertThat(exported).hasSize(230);
        assertThat(pages).isBetween(3, 4);
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

    /** The real store; a test overrides what it makes fail. */
    private static class Delegating implements PurgeStore {
        private final PurgeStore real;

        Delegating(PurgeStore real) {
            this.real = real;
        }

        @Override
        public List<Booking> due(Instant endedBefore, int limit) {
            return real.due(endedBefore, limit);
        }

        @Override
        public List<Booking> dueFor(UserId provider, Instant endedBefore, int limit) {
            return real.dueFor(provider, endedBefore, limit);
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
    void theScheduledSampleEventRunsThePurge() {
        // read with the Lambda runtime's serialization library, into the map this handler takes
        @SuppressWarnings("unchecked")
        Map<String, Object> event = EventLoader.loadEvent("../../events/purge-scheduled.json", Map.class);
        assertThat(event).containsEntry("detail-type", "Scheduled Event");
        String runId = new PurgeHandler(deployment).handleRequest(event, null);
        assertThat(Wiring.purgeStore(deployment).runs(50)).extracting(PurgeReport::runId).contains(runId);
    }

    private PurgeService service(PurgeStore store) {
        return new PurgeService(store, new DynamoDbSettingsSource(deployment.dynamoDb(), Tables.SETTINGS.name()),
                deployment.clock(), deployment.ids());
    }

    private Map<String, AttributeValue> raw(String bookingId) {
        return deployment.dynamoDb().getItem(r -> r.tableName(Tables.BOOKINGS.name()).consistentRead(true)
                .key(Map.of("bookingId", AttributeValue.fromS(bookingId)))).item();
    }

    private APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("../../events/history-export.json");
        Map<String, String> claims = new HashMap<>(e.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", provider.value());
        claims.put("jti", deployment.signIn(provider.value()));
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
