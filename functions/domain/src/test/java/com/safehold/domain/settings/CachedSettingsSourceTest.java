package com.safehold.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedSettingsSourceTest {

    private static final Instant START = Instant.parse("2026-11-23T14:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicReference<PlatformSettings> stored = new AtomicReference<>(PlatformSettings.DEFAULTS);
    private final SettingsSource table = () -> {
        loads.incrementAndGet();
        return stored.get();
    };

    private void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    private int fee(SettingsSource source) {
        return source.current().bookingFeePercent();
    }

    @Test
    void servesTheFirstLoad_forTheWholeTtl_byTheGivenClock() {
        CachedSettingsSource cache = new CachedSettingsSource(table, now::get, Duration.ofSeconds(30));
        assertThat(loads).hasValue(0); // nothing is read before it is needed

        assertThat(cache.current()).isEqualTo(PlatformSettings.DEFAULTS);
        stored.set(PlatformSettings.DEFAULTS.withBookingFeePercent(20));
        for (int i = 0; i < 5; i++) {
            assertThat(fee(cache)).isEqualTo(10);
        }
        advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(fee(cache)).isEqualTo(10);
        assertThat(loads).hasValue(1);
    }

    @Test
    void reloadsOnceTheTtlHasPassed_andTheNextTtlCountsFromThatReload() {
        CachedSettingsSource cache = new CachedSettingsSource(table, now::get, Duration.ofSeconds(30));
        cache.current();
        stored.set(PlatformSettings.DEFAULTS.withBookingFeePercent(20));

        advance(Duration.ofSeconds(30));
        assertThat(fee(cache)).as("exactly at the TTL").isEqualTo(20);
        assertThat(loads).hasValue(2);

        stored.set(PlatformSettings.DEFAULTS.withBookingFeePercent(30));
        advance(Duration.ofSeconds(29));
        assertThat(fee(cache)).isEqualTo(20);
        advance(Duration.ofSeconds(1));
        assertThat(fee(cache)).isEqualTo(30);
        advance(Duration.ofHours(5));
        cache.current();
        assertThat(loads).hasValue(4);
    }

    @Test
    void reloadsWhenTheClockGoesBackwards() {
        CachedSettingsSource cache = new CachedSettingsSource(table, now::get, Duration.ofSeconds(30));
        cache.current();
        stored.set(PlatformSettings.DEFAULTS.withBookingFeePercent(20));

        now.set(START.minusMillis(1));
        assertThat(fee(cache)).isEqualTo(20);
        assertThat(loads).hasValue(2);
        // Cached again from the earlier time on: the full TTL from there.
        advance(Duration.ofSeconds(29));
        cache.current();
        assertThat(loads).hasValue(2);
    }

    @Test
    void theDefaultTtl_isThirtySeconds() {
        CachedSettingsSource cache = new CachedSettingsSource(table, now::get);
        cache.current();
        advance(CachedSettingsSource.DEFAULT_TTL.minusMillis(1));
        cache.current();
        assertThat(loads).hasValue(1);
        advance(Duration.ofMillis(1));
        cache.current();
        assertThat(loads).hasValue(2);
        assertThat(CachedSettingsSource.DEFAULT_TTL).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFailedLoad_isNotCached_theNextCallTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        CachedSettingsSource cache = new CachedSettingsSource(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("table unavailable");
            }
            return PlatformSettings.DEFAULTS;
        }, now::get, Duration.ofSeconds(30));

        assertThatThrownBy(cache::current).isInstanceOf(IllegalStateException.class);
        assertThat(cache.current()).isEqualTo(PlatformSettings.DEFAULTS);
        assertThat(calls).hasValue(2);
    }

    @Test
    void concurrentCallersOnAnEmptyCache_causeOneLoad() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CachedSettingsSource cache = new CachedSettingsSource(() -> {
            loads.incrementAndGet();
            loading.countDown();
            try {
                Thread.sleep(50); // a slow GetItem: everybody else arrives meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PlatformSettings.DEFAULTS;
        }, now::get, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PlatformSettings>> results = new ArrayList<>();
            results.add(pool.submit(cache::current));
            loading.await();
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(cache::current));
            }
            for (Future<PlatformSettings> result : results) {
                assertThat(result.get()).isEqualTo(PlatformSettings.DEFAULTS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }
}
