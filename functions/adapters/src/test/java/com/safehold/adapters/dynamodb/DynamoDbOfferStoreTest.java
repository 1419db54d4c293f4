package com.safehold.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.TermKind;
import com.safehold.domain.offers.Venue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@ContractTest
class DynamoDbOfferStoreTest {

    private final DynamoDbOfferStore store;

    DynamoDbOfferStoreTest(ContractTarget target) {
        store = new DynamoDbOfferStore(target.dynamoDb(), target.tableName(Tables.OFFERS));
    }

    static Offer offer(String id, long revision, long price, Venue venue) {
        Instant at = Instant.parse("2026-11-23T14:00:00Z");
        return new Offer(id, new UserId("provider-1"), "Stadtführung ✓", "Zwei Stunden – Altstadt 🚶",
                Money.of(price, Currency.getInstance("EUR")), 90,
                List.of(new Term("t1", TermKind.LOCATION, "Café only"), new Term("t-2", TermKind.CUSTOM, "No pets")),
                venue, new CancellationPolicy(48, 50, 6), "0123456789abcdef", revision, at, at.plusSeconds(revision));
    }

    @Test
    void everyField_survivesTheRoundTrip_withAndWithoutVenue() {
        for (Venue venue : new Venue[] {new Venue("Café Central", 48.210033, 16.365601, 150),
                new Venue("Tiny", -0.00001, 179.99999, 25), null}) {
            Offer offer = offer("off_" + UUID.randomUUID(), 1, 12000, venue);
            store.create(offer);
            assertThat(store.find(offer.offerId())).contains(offer);
        }
        assertThat(store.find("off_absent")).isEmpty();
    }

    @Test
    void create_neverOverwritesAnExistingOffer() {
        Offer offer = offer("off_" + UUID.randomUUID(), 1, 100, null);
        assertThat(store.create(offer)).isTrue();
        assertThat(store.create(offer(offer.offerId(), 1, 999, null))).isFalse();
        assertThat(store.find(offer.offerId()).orElseThrow().price().minorUnits()).isEqualTo(100);
    }

    @Test
    void replace_fromAStaleRevision_changesNothing() {
        String id = "off_" + UUID.randomUUID();
        store.create(offer(id, 1, 100, null));
        assertThat(store.replace(offer(id, 2, 200, null), 1)).isTrue();
        assertThat(store.replace(offer(id, 2, 300, null), 1)).isFalse();
        assertThat(store.find(id).orElseThrow().price().minorUnits()).isEqualTo(200);
    }

    @Test
    void concurrentReplaces_fromTheSameRevision_exactlyOneWins() throws Exception {
        String id = "off_" + UUID.randomUUID();
        store.create(offer(id, 1, 100, null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long price = 1000 + i;
            results.add(pool.submit(() -> {
                go.await();
                return store.replace(offer(id, 2, price, null), 1);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> r : results) {
            winners += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
        assertThat(store.find(id).orElseThrow().revision()).isEqualTo(2);
    }
}
