package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Role;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.escrow.Ledger;
import com.safehold.domain.escrow.LedgerAccount;
import com.safehold.domain.escrow.LedgerEntry;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.local.LoadLifecycle.Expected;
import com.safehold.local.LoadLifecycle.Money;
import com.safehold.local.LoadLifecycle.Parties;
import com.safehold.local.LoadLifecycle.Provider;
import com.safehold.local.bench.MachineFacts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Load with invariants (issue 11): booking lifecycles of every kind ({@link LoadLifecycle.Kind}: completed,
 * cancelled by either side before and after acceptance, declined, disputed and conceded or resolved by an admin,
 * declined and flaky cards), with duplicate requests and races between the parties, driven over HTTP through
 * the local gateway by a bounded pool of clients, on loopback only. Afterwards, once the escrow worker has
 * caught up, every booking's ledger verifies (its hash chain recomputed here with the domain's own
 * {@link Ledger}), every transaction balances, every booking's money is where its lifecycle says it must be,
 * each ledger matches what the sandbox payment provider did, each Idempotency-Key made one booking, and the
 * platform's totals add up.
 *
 * <p>Bounded in count ({@code -Dsafehold.load.lifecycles}, {@value #CI_LIFECYCLES} in CI) and in time (no new
 * lifecycle starts after {@code -Dsafehold.load.minutes}); {@code ./safehold load [N]} runs it alone with more.
 * It prints throughput and latency per route and writes them to {@code local/target/load-report.md}; it
 * asserts no timing. The seed is printed: {@code -Dsafehold.load.seed} gives the same lifecycles (kinds,
 * duplicates, races, resolutions; which client runs which is up to the scheduler).
 */
class LoadWithInvariantsTest extends EndToEndTest {

    static final int CI_LIFECYCLES = 300;
    static final int LIFECYCLES = Integer.getInteger("safehold.load.lifecycles", CI_LIFECYCLES);
    static final int CLIENTS = Integer.getInteger("safehold.load.clients", 12);
    static final Duration TIME_BOUND = Duration.ofMinutes(Long.getLong("safehold.load.minutes", 10));
    static final long SEED = Long.getLong("safehold.load.seed", new SecureRandom().nextLong());
    /** How long the escrow worker may take to catch up after the last lifecycle (bounded, not asserted). */
    static final Duration DRAIN_BOUND = Duration.ofMinutes(3);

    private final LoadMetrics metrics = new LoadMetrics();
    private final ConcurrentMap<String, String> bookingsByKey = new ConcurrentHashMap<>();
    private final Queue<Expected> finished = new ConcurrentLinkedQueue<>();
    /** Bookings of lifecycles that failed: their expected money is unknown, their ledgers are still verified. */
    private final Set<String> ofFailedLifecycles = ConcurrentHashMap.newKeySet();

    /** One client: a signed-in customer and the provider it books with (a fresh one after a failed lifecycle). */
    private static final class Client {
        final String customer;
        volatile Provider provider;

        Client(String customer, Provider provider) {
            this.customer = customer;
            this.provider = provider;
        }
    }

    @Test
    void bookingLifecyclesUnderLoad_leaveEveryLedgerVerified_theMoneyWhereItBelongs_andThePlatformTotalsAddingUp()
            throws Exception {
        PrintStream console = System.out;
        console.printf("load: %d lifecycles, %d clients, seed %d (-Dsafehold.load.seed=%d gives the same lifecycles)%n",
                LIFECYCLES, CLIENTS, SEED, SEED);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        ExecutorService burst = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
        ErrorLinesOnly logs = ErrorLinesOnly.install();
        try {
            String admin = users.token(Role.ADMIN);
            List<Client> clients = signIn(pool);

            long started = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            long deadline = started + TIME_BOUND.toNanos();
            // the timer sweep runs every minute in AWS; here more often, so it meets commands still in flight
            sweeper.scheduleWithFixedDelay(this::sweepTimers, 5, 5, TimeUnit.SECONDS);
            List<Future<?>> running = new ArrayList<>();
            for (Client client : clients) {
                running.add(pool.submit(() -> {
                    int index;
                    while (System.nanoTime() < deadline && (index = next.getAndIncrement()) < LIFECYCLES) {
                        runOne(index, client, admin, burst);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            long loadNanos = System.nanoTime() - started;
            sweeper.shutdown();
            sweeper.awaitTermination(30, TimeUnit.SECONDS);
            int ran = Math.min(next.get(), LIFECYCLES);

            try (DynamoDbClient raw = AwsClients.dynamoDb(AwsClients.local(
                    URI.create("http://127.0.0.1:" + platform.dynamoDbPort())))) {
                long drainStarted = System.nanoTime();
                List<String> problems = new ArrayList<>(awaitEscrowDrained(raw));
                long drainNanos = System.nanoTime() - drainStarted;
                Verification v = verify(raw, admin, pool, problems);
                String report = report(ran, loadNanos, drainNanos, v, logs);
                console.println(report);
                Path out = Path.of("target", "load-report.md");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);

                assertThat(metrics.failures()).as("lifecycles that met an unexpected answer (seed %d):%n%s%nevery answer:%n%s",
                        SEED, String.join("\n", metrics.keptFailures()), metrics.answers()).isZero();
                assertThat(problems).as("invariants after the load (seed %d)", SEED).isEmpty();
                assertThat(metrics.answers()).as("no server errors").doesNotContainPattern("→ 5\\d\\d");
                assertThat(logs.errorLines()).as("handler log lines at level ERROR").isZero();
                assertThat(v.bookings()).as("every lifecycle made a booking").isEqualTo(ran);
            }
        } finally {
            logs.uninstall();
            sweeper.shutdownNow();
            pool.shutdownNow();
            burst.shutdownNow();
        }
    }

    // ---- the load -----------------------------------------------------------------------------------------

    /** A customer and a provider per client, signed in once (MFA for providers) and reused by every lifecycle. */
    private List<Client> signIn(ExecutorService pool) throws Exception {
        List<Future<Client>> signing = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random prices = new Random(SEED + c);
            signing.add(pool.submit(() -> new Client(users.token(Role.CUSTOMER), newProvider(prices))));
        }
        List<Client> clients = new ArrayList<>();
        for (Future<Client> f : signing) {
            clients.add(f.get());
        }
        return clients;
    }

    /** A provider with an offer priced between 5.00 and 499.00 EUR (whole euros, so every split is exact). */
    private Provider newProvider(Random prices) {
        long price = 100L * (5 + prices.nextInt(495));
        String email = users.signUp(Role.PROVIDER);
        String token = users.signIn(email).accessToken();
        Http.Reply offer = http.post("/v1/offers", token, OffersEndToEndTest.offerJson(price));
        assertThat(offer.status()).as(offer.body()).isEqualTo(201);
        return new Provider(email, token, offer.json().get("offerId").asText(), offer.json().get("termsVersion").asText(),
                price);
    }

    private void runOne(int index, Client client, String admin, ExecutorService burst) {
        LoadLifecycle lifecycle = new LoadLifecycle(index, SEED, new Parties(client.customer, client.provider, admin),
                platform, http, metrics, burst, bookingsByKey);
        long started = System.nanoTime();
        try {
            finished.add(lifecycle.run());
            metrics.lifecycle(lifecycle.kind().name(), System.nanoTime() - started);
        } catch (RuntimeException | AssertionError failed) {
            metrics.fail(failed instanceof LoadLifecycle.Unexpected ? failed.getMessage()
                    : "lifecycle #" + index + " " + lifecycle.kind() + ": " + failed);
            if (lifecycle.bookingId() != null) {
                ofFailedLifecycles.add(lifecycle.bookingId());
            }
            // the failed booking may still hold the provider's slot: the next lifecycles book with someone else
            client.provider = newProvider(new Random(SEED + index));
        }
    }

    private void sweepTimers() {
        long started = System.nanoTime();
        try {
            Http.Reply r = http.post("/local/jobs/timers", null, "");
            metrics.answered("POST /local/jobs/timers", r.status(), LoadLifecycle.code(r), System.nanoTime() - started);
            if (r.status() != 200) {
                metrics.fail("timer sweep answered " + r.status() + ": " + r.body());
                return;
            }
            // what the sweep did, e.g. relayed commands the worker had not confirmed within 30 seconds
            JsonNode report = r.json().path("report"); // the timers handler's own answer, a JSON text
            if (report.isTextual()) {
                report = com.safehold.api.Json.MAPPER.readTree(report.asText());
            }
            report.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    metrics.count("timer sweep: " + e.getKey(), e.getValue().asLong());
                }
            });
        } catch (AssertionError | IOException transport) {
            metrics.fail("timer sweep: no answer or no report: " + transport);
        }
    }

    // ---- afterwards ---------------------------------------------------------------------------------------

    /**
     * Waits until no booking has a command the escrow worker has not confirmed (each booking's outbox, read
     * from DynamoDB, is empty), running the timer sweep now and then as the schedule would, which relays any
     * command whose send was lost. Bounded by {@link #DRAIN_BOUND}; what is still open then is reported.
     */
    private List<String> awaitEscrowDrained(DynamoDbClient raw) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_BOUND.toNanos();
        long nextSweep = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> open = new ArrayList<>();
            for (Map<String, AttributeValue> item : scanBookings(raw)) {
                if (item.containsKey("outbox") && !item.get("outbox").l().isEmpty()) {
                    open.add(item.get("bookingId").s() + " " + item.get("outbox").l().size() + " command(s)");
                }
            }
            if (open.isEmpty()) {
                return List.of();
            }
            if (System.nanoTime() > deadline) {
                return List.of("the escrow worker did not confirm every command within " + DRAIN_BOUND + ": "
                        + open.subList(0, Math.min(10, open.size())) + (open.size() > 10 ? " and more" : ""));
            }
            if (System.nanoTime() > nextSweep) {
                http.post("/local/jobs/timers", null, "");
                nextSweep = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(200);
        }
    }

    private static List<Map<String, AttributeValue>> scanBookings(DynamoDbClient raw) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        raw.scanPaginator(r -> r.tableName(Tables.BOOKINGS.name()).projectionExpression("bookingId, #o")
                .expressionAttributeNames(Map.of("#o", "outbox"))).items().forEach(items::add);
        return items;
    }

    /** What the verification found, beyond the problems it listed. */
    record Verification(int bookings, long ledgerEntries, long transactions, EscrowBalance totals,
            EscrowBalance sandboxTotals, int bookingsInTable, int idempotencyKeys) {}

    /**
     * Reads every booking and its ledger (as an admin) and checks each against the domain's rules, against its
     * lifecycle's expected money, and against the sandbox payment provider; then the platform's totals.
     */
    private Verification verify(DynamoDbClient raw, String admin, ExecutorService pool, List<String> problems)
            throws Exception {
        Map<String, SandboxPaymentProvider.BookingMoney> sandbox = platform.payments().recorded();
        Map<String, Expected> expected = new HashMap<>();
        finished.forEach(e -> expected.put(e.bookingId(), e));
        Set<String> known = new HashSet<>(expected.keySet());
        known.addAll(ofFailedLifecycles);

        Queue<String> found = new ConcurrentLinkedQueue<>();
        Map<String, EscrowBalance> balances = new ConcurrentHashMap<>();
        AtomicLong entries = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        List<Future<?>> checks = new ArrayList<>();
        for (String bookingId : known) {
            checks.add(pool.submit(() -> {
                try {
                    EscrowBalance b = verifyOne(bookingId, expected.get(bookingId), admin, sandbox, found, entries,
                            transactions);
                    if (b != null) {
                        balances.put(bookingId, b);
                    }
                } catch (RuntimeException | AssertionError e) {
                    found.add(bookingId + ": verification failed: " + e);
                }
            }));
        }
        for (Future<?> f : checks) {
            f.get();
        }
        problems.addAll(found);

        EscrowBalance totals = sum(balances.values());
        if (!totals.invariantHolds() || totals.stillHeld() != 0) {
            problems.add("platform totals do not add up: " + totals);
        }
        for (String bookingId : sandbox.keySet()) {
            if (!known.contains(bookingId)) {
                problems.add("the payment provider moved money for a booking no lifecycle made: " + bookingId);
            }
        }
        EscrowBalance sandboxTotals = sandboxTotals(sandbox.values());
        if (!sandboxTotals.equals(totals)) {
            problems.add("ledgers total " + totals + " but the payment provider recorded " + sandboxTotals);
        }

        Set<String> inTable = new HashSet<>();
        scanBookings(raw).forEach(item -> inTable.add(item.get("bookingId").s()));
        if (!inTable.equals(known)) {
            Set<String> extra = new HashSet<>(inTable);
            extra.removeAll(known);
            Set<String> missing = new HashSet<>(known);
            missing.removeAll(inTable);
            problems.add("bookings table differs from the bookings the 202s named: extra " + extra + ", missing " + missing);
        }
        if (new HashSet<>(bookingsByKey.values()).size() != bookingsByKey.size() || bookingsByKey.size() != known.size()) {
            problems.add(bookingsByKey.size() + " Idempotency-Keys named " + new HashSet<>(bookingsByKey.values()).size()
                    + " bookings; " + known.size() + " bookings known");
        }
        return new Verification(known.size(), entries.get(), transactions.get(), totals, sandboxTotals, inTable.size(),
                bookingsByKey.size());
    }

    /** One booking: its view, its ledger recomputed and verified, its money as expected and as the provider saw it. */
    private EscrowBalance verifyOne(String bookingId, Expected expected, String admin,
            Map<String, SandboxPaymentProvider.BookingMoney> sandbox, Queue<String> problems, AtomicLong entryCount,
            AtomicLong transactionCount) {
        Http.Reply viewReply = http.get("/v1/bookings/" + bookingId, admin);
        Http.Reply ledgerReply = http.get("/v1/bookings/" + bookingId + "/ledger", admin);
        if (viewReply.status() != 200 || ledgerReply.status() != 200) {
            problems.add(bookingId + ": reading it answered " + viewReply.status() + " / " + ledgerReply.status());
            return null;
        }
        JsonNode view = viewReply.json();
        JsonNode ledgerJson = ledgerReply.json();
        holdDelay(view);
        String where = bookingId + (expected == null ? " (failed lifecycle)" : " (#" + expected.index() + " " + expected.kind() + ")");

        List<LedgerEntry> list = new ArrayList<>();
        for (JsonNode e : ledgerJson.get("entries")) {
            list.add(new LedgerEntry(bookingId, e.get("seq").asLong(), e.get("transactionId").asText(),
                    MovementKind.valueOf(e.get("kind").asText()), LedgerAccount.valueOf(e.get("account").asText()),
                    e.get("amountCents").asLong(), e.get("currency").asText(), Instant.parse(e.get("at").asText()),
                    e.get("prevHash").asText(), e.get("hash").asText()));
        }
        Ledger ledger = new Ledger(bookingId, view.at("/amounts/currency").asText(), list);
        entryCount.addAndGet(list.size());
        if (!ledger.verifies() || !ledgerJson.get("verified").asBoolean()) {
            problems.add(where + ": the ledger does not verify (hash chain, positions or a transaction's sum)");
        }
        Map<String, Integer> legs = new HashMap<>();
        list.forEach(e -> legs.merge(e.transactionId(), 1, Integer::sum));
        transactionCount.addAndGet(legs.size());
        legs.forEach((tx, n) -> {
            if (n != 2) {
                problems.add(where + ": transaction " + tx + " has " + n + " legs (applied more than once?)");
            }
        });

        EscrowBalance b = ledger.balance();
        JsonNode escrow = view.get("escrow");
        EscrowBalance shown = new EscrowBalance(escrow.get("heldCents").asLong(), escrow.get("toPlatformCents").asLong(),
                escrow.get("toProviderCents").asLong(), escrow.get("refundedCents").asLong(),
                escrow.get("stillHeldCents").asLong());
        if (!b.invariantHolds()) {
            problems.add(where + ": held != platform + provider + refunded + still held: " + b);
        }
        if (!b.equals(shown)) {
            problems.add(where + ": the booking shows " + shown + " but its ledger adds up to " + b);
        }
        if (b.stillHeld() != 0) {
            problems.add(where + ": money still held after the lifecycle ended: " + b);
        }
        if (expected != null) {
            Money actual = new Money(b.held(), b.toPlatform(), b.toProvider(), b.refunded());
            if (!expected.money().contains(actual)) {
                problems.add(where + ": money " + actual + ", expected " + expected.money());
            }
            if (!view.get("status").asText().equals(expected.status())) {
                problems.add(where + ": status " + view.get("status").asText() + ", expected " + expected.status());
            }
        }

        SandboxPaymentProvider.BookingMoney paid = sandbox.getOrDefault(bookingId,
                new SandboxPaymentProvider.BookingMoney(0, Map.of()));
        Map<MovementKind, Long> moved = new EnumMap<>(MovementKind.class);
        list.stream().filter(e -> e.amount() > 0).forEach(e -> moved.merge(e.kind(), e.amount(), Long::sum));
        if (paid.heldCents() != moved.getOrDefault(MovementKind.HOLD, 0L)) {
            problems.add(where + ": the payment provider holds " + paid.heldCents() + ", the ledger "
                    + moved.getOrDefault(MovementKind.HOLD, 0L));
        }
        for (MovementKind kind : MovementKind.values()) {
            if (kind != MovementKind.HOLD && paid.moved(kind) != moved.getOrDefault(kind, 0L)) {
                problems.add(where + ": the payment provider moved " + paid.moved(kind) + " as " + kind
                        + ", the ledger " + moved.getOrDefault(kind, 0L));
            }
        }
        return b;
    }

    /**
     * From the request to the hold, on the booking's own timeline (platform time, written by the booking
     * function and by the escrow worker): how long the command waited in the queue and took to apply.
     */
    private void holdDelay(JsonNode view) {
        Instant requested = null;
        for (JsonNode event : view.get("timeline")) {
            Instant at = Instant.parse(event.get("at").asText());
            switch (event.get("status").asText()) {
                case "REQUESTED" -> requested = at;
                case "PENDING_PROVIDER", "HOLD_FAILED" -> {
                    if (requested != null) {
                        metrics.waited("REQUESTED → PENDING_PROVIDER or HOLD_FAILED on the booking's timeline (escrow queue and worker)",
                                Duration.between(requested, at).toNanos());
                    }
                    return;
                }
                default -> { }
            }
        }
    }

    private static EscrowBalance sum(Iterable<EscrowBalance> balances) {
        long held = 0;
        long platform = 0;
        long provider = 0;
        long refunded = 0;
        long still = 0;
        for (EscrowBalance b : balances) {
            held += b.held();
            platform += b.toPlatform();
            provider += b.toProvider();
            refunded += b.refunded();
            still += b.stillHeld();
        }
        return new EscrowBalance(held, platform, provider, refunded, still);
    }

    /** The same five figures from what the payment provider did: holds in, captures and refunds out. */
    private static EscrowBalance sandboxTotals(Iterable<SandboxPaymentProvider.BookingMoney> all) {
        long held = 0;
        long platform = 0;
        long provider = 0;
        long refunded = 0;
        for (SandboxPaymentProvider.BookingMoney m : all) {
            held += m.heldCents();
            platform += m.moved(MovementKind.RELEASE_BOOKING_FEE) - m.moved(MovementKind.RETURN_BOOKING_FEE);
            provider += m.moved(MovementKind.RELEASE_SERVICE_FEE);
            refunded += m.moved(MovementKind.REFUND) + m.moved(MovementKind.RETURN_BOOKING_FEE);
        }
        return new EscrowBalance(held, platform, provider, refunded, held - platform - provider - refunded);
    }

    // ---- the report ---------------------------------------------------------------------------------------

    private String report(int ran, long loadNanos, long drainNanos, Verification v, ErrorLinesOnly logs) {
        double seconds = loadNanos / 1e9;
        EscrowBalance t = v.totals();
        StringBuilder out = new StringBuilder();
        out.append("## Load with invariants\n\n");
        out.append("%d booking lifecycles (%d requested%s) by %d concurrent clients over HTTP through the local gateway on loopback, seed %d.\n\n"
                .formatted(ran, LIFECYCLES, ran < LIFECYCLES ? ", stopped by the time bound of " + TIME_BOUND.toMinutes()
                        + " minutes" : "", CLIENTS, SEED));
        out.append("| | |\n| --- | --- |\n");
        out.append("| wall time of the lifecycles | %.1f s |\n".formatted(seconds));
        out.append("| throughput | %.1f lifecycles/s, %.0f requests/s (%d requests) |\n".formatted(ran / seconds,
                metrics.requests() / seconds, metrics.requests()));
        out.append("| escrow worker caught up | %.1f s after the last lifecycle |\n".formatted(drainNanos / 1e9));
        out.append("| failed lifecycles | %d |\n".formatted(metrics.failures()));
        out.append("| bookings verified | %d (%d in the bookings table, %d Idempotency-Keys) |\n".formatted(v.bookings(),
                v.bookingsInTable(), v.idempotencyKeys()));
        out.append("| ledgers | %d entries in %d transactions, every chain recomputed and verified |\n"
                .formatted(v.ledgerEntries(), v.transactions()));
        out.append("| platform totals (ledgers) | held %s = platform %s + providers %s + refunded %s + still held %s |\n"
                .formatted(eur(t.held()), eur(t.toPlatform()), eur(t.toProvider()), eur(t.refunded()), eur(t.stillHeld())));
        EscrowBalance s = v.sandboxTotals();
        out.append("| sandbox payment provider | held %s, to the platform %s, to providers %s, refunded %s |\n"
                .formatted(eur(s.held()), eur(s.toPlatform()), eur(s.toProvider()), eur(s.refunded())));
        out.append("| handler log lines at ERROR | %d |\n\n".formatted(logs.errorLines()));
        out.append("### Latency by route (client side, through the gateway)\n\n").append(metrics.latencyTable()).append('\n');
        out.append("### Lifecycle wall time by kind\n\n").append(metrics.lifecycleTable()).append('\n');
        out.append("### Waiting for the escrow worker\n\n").append(metrics.waitTable()).append('\n');
        out.append("### What the mix did\n\n").append(metrics.counters()).append('\n');
        out.append("### Every answer\n\n```\n").append(metrics.answers()).append("```\n\n");
        out.append(MachineFacts.describe());
        return out.toString();
    }

    private static String eur(long cents) {
        return "%,d.%02d €".formatted(cents / 100, Math.abs(cents % 100));
    }

    /**
     * The handlers log one JSON line per request to standard output, as in Lambda; under load that would be
     * tens of thousands of lines in the build log. While installed, only lines at level ERROR get through
     * (and are counted); the rest go nowhere.
     */
    static final class ErrorLinesOnly extends OutputStream {

        private final PrintStream original;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private final AtomicInteger errors = new AtomicInteger();

        private ErrorLinesOnly(PrintStream original) {
            this.original = original;
        }

        static ErrorLinesOnly install() {
            ErrorLinesOnly filter = new ErrorLinesOnly(System.out);
            System.setOut(new PrintStream(filter, true, StandardCharsets.UTF_8));
            return filter;
        }

        void uninstall() {
            System.setOut(original);
        }

        int errorLines() {
            return errors.get();
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.contains("\"level\":\"ERROR\"")) {
                errors.incrementAndGet();
                original.println(text);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
