package com.safehold.local.bench;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.LocalKeyringDataKeySource;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.adapters.dynamodb.DynamoDbPurgeStore;
import com.safehold.adapters.dynamodb.DynamoDbSafetyStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.ConsentReceipt;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.history.PurgeReport;
import com.safehold.domain.history.PurgeService;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.local.LocalDynamoDb;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code ./safehold bench-purge [due] [tables...]}: do the purge's DynamoDB reads grow with what is due or with
 * the table (SPEC 4.10)? For each table size, a fresh DynamoDB Local gets {@code due} bookings past their
 * retention (each with a message) and the rest recent (not due, but in the same purge index). Then one purge
 * run, counting every DynamoDB request by operation and every item it read.
 */
public final class PurgeBenchmark {

    private static final Instant NOW = Instant.parse("2027-06-01T03:00:00Z");

    private PurgeBenchmark() {}

    public static void main(String[] args) throws Exception {
        ReportOut.silenceHandlerLogs();
        int due = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 50_000);
        }
        ReportOut.REPORT.println("| bookings in the table | due | purged | DynamoDB requests in the run | items read | run time |");
        ReportOut.REPORT.println("| ---: | ---: | ---: | --- | ---: | ---: |");
        for (int size : sizes) {
            measure(due, size);
        }
        System.exit(0); // DynamoDB Local leaves a non-daemon thread behind
    }

    private static void measure(int due, int size) throws Exception {
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(0)) {
            Counter counter = new Counter();
            AwsClients.Settings local = AwsClients.local(dynamo.endpoint());
            DynamoDbClient plain = AwsClients.dynamoDb(local);
            DynamoDbClient counted = DynamoDbClient.builder().region(local.region()).credentialsProvider(local.credentials())
                    .httpClient(local.httpClient()).endpointOverride(local.endpoint())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
            for (TableDef t : Tables.ALL) {
                TableProvisioner.create(plain, t, t.name());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Clock clock = () -> NOW;
            FieldCipher cipher = new EnvelopeFieldCipher(new LocalKeyringDataKeySource(key),
                    new DynamoDbPersonKeyVault(plain, Tables.KEYS.name()), clock);
            DynamoDbBookingStore seedStore = new DynamoDbBookingStore(plain, Tables.BOOKINGS.name(), Tables.SLOTS.name(),
                    Tables.LEDGER.name(), cipher);
            DynamoDbSafetyStore seedSafety = new DynamoDbSafetyStore(plain, Tables.MESSAGES.name(),
                    Tables.CHANGE_REQUESTS.name(), Tables.DISPUTES.name(), seedStore, cipher);
            UserId provider = new UserId("bench-provider");
            for (int i = 0; i < due; i++) { // ended 400 days ago: past the platform's 365
                Booking b = booking(provider, NOW.minus(Duration.ofDays(400)).plus(Duration.ofMinutes(30L * i)));
                seedStore.create(b);
                seedSafety.addMessage(new Message(b.bookingId(), "msg_" + i, b.customerId(), "hello " + i, b.startsAt()));
            }
            seedRecent(plain, size - due);

            // a fresh cipher, as in a new Lambda: its person-key reads are counted too
            FieldCipher purgeCipher = new EnvelopeFieldCipher(new LocalKeyringDataKeySource(key),
                    new DynamoDbPersonKeyVault(counted, Tables.KEYS.name()), clock);
            DynamoDbBookingStore store = new DynamoDbBookingStore(counted, Tables.BOOKINGS.name(), Tables.SLOTS.name(),
                    Tables.LEDGER.name(), purgeCipher);
            PurgeService purge = new PurgeService(new DynamoDbPurgeStore(counted, store,
                    new DynamoDbSafetyStore(counted, Tables.MESSAGES.name(), Tables.CHANGE_REQUESTS.name(),
                            Tables.DISPUTES.name(), store, purgeCipher), Tables.RETENTION.name(), Tables.PURGE_RUNS.name()),
                    new DynamoDbSettingsSource(counted, Tables.SETTINGS.name()), clock, Ids.random());
            counter.reset();
            long t0 = System.nanoTime();
            PurgeReport report = purge.run(() -> true);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            ReportOut.REPORT.printf("| %,d | %,d | %,d | %s | %,d | %,d ms |%n", size, due, report.purged(),
                    counter.operations, counter.itemsRead.get(), millis);
            counted.close();
            plain.close();
        }
    }

    /** Bookings that ended yesterday: in the purge index, not due. Written raw, in batches, for speed. */
    private static void seedRecent(DynamoDbClient dynamoDb, int count) {
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String endsAt = String.format("%015d", NOW.minus(Duration.ofDays(1)).toEpochMilli() + i);
            Map<String, AttributeValue> item = Map.of(
                    "bookingId", AttributeValue.fromS("bkg_recent_" + i),
                    "providerId", AttributeValue.fromS("bench-other-" + (i % 100)),
                    "customerId", AttributeValue.fromS("bench-customer-" + i),
                    "purgeShard", AttributeValue.fromS("purge"),
                    "purgeProvider", AttributeValue.fromS("bench-other-" + (i % 100)),
                    "purgeAt", AttributeValue.fromS(endsAt));
            puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (puts.size() == 25) {
                write(dynamoDb, puts);
                puts = new ArrayList<>();
            }
        }
        if (!puts.isEmpty()) {
            write(dynamoDb, puts);
        }
    }

    private static void write(DynamoDbClient dynamoDb, List<WriteRequest> puts) {
        Map<String, List<WriteRequest>> pending = Map.of(Tables.BOOKINGS.name(), puts);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
        }
    }

    private static Booking booking(UserId provider, Instant startsAt) {
        UserId customer = new UserId(UUID.randomUUID().toString());
        return new Booking("bkg_" + UUID.randomUUID().toString().replace("-", ""), "off_1", customer, provider, startsAt,
                startsAt.plus(Duration.ofMinutes(30)), BookingStatus.COMPLETED,
                Amounts.of(Money.of(12000, Currency.getInstance("EUR")), 10), "pm_ok",
                new ConsentReceipt(customer, startsAt.minus(Duration.ofDays(3)), "v1", "hash", true, true),
                new CancellationPolicy(48, 50, 6), null, List.of(), "CHECKINSECRET", 0, List.of(), EscrowBalance.NONE,
                List.of(), null, 0);
    }

    /** Counts requests by operation, and the items each read returned or scanned. */
    private static final class Counter implements ExecutionInterceptor {
        final Map<String, Integer> operations = new TreeMap<>();
        final AtomicLong itemsRead = new AtomicLong();

        synchronized void reset() {
            operations.clear();
            itemsRead.set(0);
        }

        @Override
        public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            SdkResponse response = context.response();
            if (response instanceof QueryResponse q) {
                itemsRead.addAndGet(q.scannedCount());
            } else if (response instanceof GetItemResponse g && g.hasItem()) {
                itemsRead.incrementAndGet();
            } else if (response instanceof BatchGetItemResponse b) {
                b.responses().values().forEach(items -> itemsRead.addAndGet(items.size()));
            }
        }
    }
}
