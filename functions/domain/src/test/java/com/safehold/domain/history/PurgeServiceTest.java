package com.safehold.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.settings.PlatformSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The purge's sweep against an index that behaves like DynamoDB's (pages of at most {@code Limit} entries, a
 * resume key while the page was full, purged bookings leaving the index): bounded batches, each due booking
 * read once per run, the time budget, the retention cut-offs, and bad items reported instead of stopping it.
 */
class PurgeServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final UserId PROVIDER = new UserId("prov-1");
    private static final UserId OTHER = new UserId("prov-2");

    private final IndexedStore store = new IndexedStore();
    private PlatformSettings settings = PlatformSettings.DEFAULTS;
    private final AtomicInteger ids = new AtomicInteger();
    private final PurgeService service = new PurgeService(store, () -> settings, () -> NOW,
            prefix -> prefix + "_" + ids.incrementAndGet());

    @Test
    void aBacklogIsPurgedInBatchesOfAtMostAHundred_eachDueBookingReadOncePerRun() {
        settings = retention(30);
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 1_050; i++) {
            boolean open = i % 35 == 0; // 30 open ones spread through the backlog: they stay in the index
            Booking b = store.add(booking(PROVIDER, NOW.minus(Duration.ofDays(400)).plus(Duration.ofMinutes(i)),
                    open ? BookingStatus.DISPUTED : BookingStatus.COMPLETED));
            if (open) {
                held.add(b.bookingId());
            }
        }

        PurgeReport report = service.run(() -> true);

        assertThat(store.limits).isNotEmpty().allSatisfy(limit -> assertThat(limit).isEqualTo(PurgeService.BATCH));
        assertThat(store.reads.values()).as("reads per due booking").containsOnly(1);
        assertThat(report.purged()).isEqualTo(1_020);
        assertThat(report.heldBackCount()).isEqualTo(30);
        assertThat(report.heldBack()).containsExactlyElementsOf(held.subList(0, Math.min(held.size(),
                PurgeReport.MAX_LISTED)));
        assertThat(report.complete()).isTrue();
        assertThat(store.index.values()).extracting(Booking::bookingId).containsExactlyInAnyOrderElementsOf(held);
    }

    @Test
    void whenTheTimeIsUp_theRunStopsAfterItsBatch_reportsItselfIncomplete_andTheNextRunGoesOn() {
        settings = retention(30);
        for (int i = 0; i < 250; i++) {
            store.add(booking(PROVIDER, NOW.minus(Duration.ofDays(60)).plus(Duration.ofMinutes(i)),
                    BookingStatus.COMPLETED));
        }
        AtomicInteger batches = new AtomicInteger();

        PurgeReport first = service.run(() -> batches.getAndIncrement() < 1);

        assertThat(first.purged()).isEqualTo(PurgeService.BATCH);
        assertThat(first.complete()).isFalse();
        assertThat(store.index).hasSize(150);
        assertThat(store.saved).containsExactly(first);

        PurgeReport second = service.run(() -> true);
        assertThat(second.purged()).isEqualTo(150);
        assertThat(second.complete()).isTrue();
        assertThat(service.run(() -> true).purged()).isZero();
    }

    @Test
    void aBookingIsDueOnlyOnceItsRetentionIsOver_thePlatformsOrItsProvidersShorterOne() {
        settings = retention(30);
        store.custom.put(PROVIDER, 10);
        Booking platform29 = store.add(booking(OTHER, ended(29), BookingStatus.COMPLETED));
        Booking platform31 = store.add(booking(OTHER, ended(31), BookingStatus.COMPLETED));
        Booking own9 = store.add(booking(PROVIDER, ended(9), BookingStatus.COMPLETED));
        Booking own11 = store.add(booking(PROVIDER, ended(11), BookingStatus.COMPLETED));
        Booking own40 = store.add(booking(PROVIDER, ended(40), BookingStatus.CANCELLED));

        PurgeReport report = service.run(() -> true);

        assertThat(store.purged).containsExactlyInAnyOrder(platform31.bookingId(), own11.bookingId(), own40.bookingId());
        assertThat(store.index.values()).containsExactlyInAnyOrder(platform29, own9);
        assertThat(report.purged()).isEqualTo(3);
    }

    @Test
    void aBookingHeldBackByThePlatformsSweepIsNotCountedAgainByItsProvidersOwn() {
        settings = retention(30);
        store.custom.put(PROVIDER, 10);
        Booking open = store.add(booking(PROVIDER, ended(40), BookingStatus.DISPUTED));

        PurgeReport report = service.run(() -> true);

        assertThat(report.heldBackCount()).isEqualTo(1);
        assertThat(report.heldBack()).containsExactly(open.bookingId());
        assertThat(store.reads.get(open.bookingId())).as("read by both sweeps, counted once").isEqualTo(2);
    }

    @Test
    void anItemThatCannotBeReadIsReportedFailed_andTheOthersArePurged() {
        settings = retention(30);
        Booking first = store.add(booking(PROVIDER, ended(50), BookingStatus.COMPLETED));
        Booking bad = store.add(booking(PROVIDER, ended(45), BookingStatus.COMPLETED));
        Booking last = store.add(booking(PROVIDER, ended(40), BookingStatus.COMPLETED));
        store.unreadable = b -> b.bookingId().equals(bad.bookingId());

        PurgeReport report = service.run(() -> true);

        assertThat(report.failed()).containsExactly(bad.bookingId());
        assertThat(store.purged).containsExactly(first.bookingId(), last.bookingId());
        assertThat(report.complete()).isTrue();
    }

    @Test
    void aFailedOrChangedBookingIsReported_andLeftForTheNextRun() {
        settings = retention(30);
        Booking failing = store.add(booking(PROVIDER, ended(50), BookingStatus.COMPLETED));
        Booking changing = store.add(booking(PROVIDER, ended(45), BookingStatus.COMPLETED));
        Booking fine = store.add(booking(PROVIDER, ended(40), BookingStatus.COMPLETED));
        store.failing = b -> b.bookingId().equals(failing.bookingId());
        store.changing = b -> b.bookingId().equals(changing.bookingId());

        PurgeReport report = service.run(() -> true);

        assertThat(report.failed()).containsExactly(failing.bookingId());
        assertThat(report.changed()).isEqualTo(1);
        assertThat(store.purged).containsExactly(fine.bookingId());

        store.failing = b -> false;
        store.changing = b -> false;
        assertThat(service.run(() -> true).purged()).isEqualTo(2);
    }

    private static Instant ended(int daysAgo) {
        return NOW.minus(Duration.ofDays(daysAgo)).minus(Duration.ofMinutes(30));
    }

    private static PlatformSettings retention(int days) {
        PlatformSettings d = PlatformSettings.DEFAULTS;
        return new PlatformSettings(d.passwordPolicy(), d.lockout(), d.mfa(), d.hipaaMode(), d.sessionTimeoutMinutes(),
                d.bookingFeePercent(), d.disputeObjectionHours(), d.unclaimedEscrowHours(), days);
    }

    private static int counter;

    private static Booking booking(UserId provider, Instant startsAt, BookingStatus status) {
        return new Booking("bkg_" + String.format("%05d", ++counter), "off_1", new UserId("cust"), provider, startsAt,
                startsAt.plus(Duration.ofMinutes(30)), status,
                Amounts.of(Money.of(12000, Currency.getInstance("EUR")), 10), "pm_ok", null,
                new CancellationPolicy(48, 50, 6), null, List.of(), "SECRET", 0, List.of(), EscrowBalance.NONE,
                List.of(), null, 1);
    }

    /** Two purge indexes over one map, with DynamoDB's paging: a resume key whenever a page came back full. */
    private static final class IndexedStore implements PurgeStore {
        final NavigableMap<String, Booking> index = new TreeMap<>();
        final Map<UserId, Integer> custom = new LinkedHashMap<>();
        final List<Integer> limits = new ArrayList<>();
        final Map<String, Integer> reads = new HashMap<>();
        final List<String> purged = new ArrayList<>();
        final List<PurgeReport> saved = new ArrayList<>();
        Predicate<Booking> unreadable = b -> false;
        Predicate<Booking> failing = b -> false;
        Predicate<Booking> changing = b -> false;

        Booking add(Booking b) {
            index.put(key(b), b);
            return b;
        }

        private static String key(Booking b) {
            return String.format("%015d", b.endsAt().toEpochMilli()) + "#" + b.bookingId();
        }

        @Override
        public Due due(Instant endedBefore, String resumeAfter, int limit) {
            return page(b -> true, endedBefore, resumeAfter, limit);
        }

        @Override
        public Due dueFor(UserId provider, Instant endedBefore, String resumeAfter, int limit) {
            return page(b -> b.providerId().equals(provider), endedBefore, resumeAfter, limit);
        }

        private Due page(Predicate<Booking> partition, Instant endedBefore, String resumeAfter, int limit) {
            limits.add(limit);
            NavigableMap<String, Booking> from = resumeAfter == null ? index : index.tailMap(resumeAfter, false);
            List<Booking> bookings = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            String last = null;
            int taken = 0;
            for (Map.Entry<String, Booking> e : from.entrySet()) {
                if (taken == limit || !e.getValue().endsAt().isBefore(endedBefore)) {
                    break;
                }
                if (!partition.test(e.getValue())) {
                    continue;
                }
                taken++;
                last = e.getKey();
                reads.merge(e.getValue().bookingId(), 1, Integer::sum);
                if (unreadable.test(e.getValue())) {
                    bad.add(e.getValue().bookingId());
                } else {
                    bookings.add(e.getValue());
                }
            }
            return new Due(bookings, bad, taken == limit ? last : null);
        }

        @Override
        public boolean purge(Booking booking, Instant at, Instant keepAccountingUntil) {
            if (failing.test(booking)) {
                throw new IllegalStateException("the write failed");
            }
            if (changing.test(booking)) {
                return false;
            }
            index.remove(key(booking));
            purged.add(booking.bookingId());
            return true;
        }

        @Override
        public Map<UserId, Integer> customRetention() {
            return custom;
        }

        @Override
        public void setRetention(UserId provider, int bookingsDays) {
            custom.put(provider, bookingsDays);
        }

        @Override
        public void saveRun(PurgeReport report) {
            saved.add(report);
        }

        @Override
        public List<PurgeReport> runs(int limit) {
            return saved.reversed().stream().limit(limit).toList();
        }
    }
}
