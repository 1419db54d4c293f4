package com.safehold.local.bench;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.TermKind;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import com.safehold.local.LocalDynamoDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./safehold bench}: the numbers in docs/benchmarks.md. For every function jar: its size and class
 * count. For the offers function: {@code runs} fresh JVMs (default 7), each constructing the handler from
 * its shaded jar alone and handling one GET against DynamoDB Local over loopback HTTP, with init and first
 * invocation timed separately. Prints a Markdown table.
 */
public final class ColdStartBenchmark {

    private static final Pattern PROBE = Pattern.compile("PROBE jvmToMainMs=(\\d+) initMs=(\\d+) firstInvokeMs=(\\d+)");

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path root = Path.of("").toAbsolutePath();
        System.out.println("| Function | jar size | classes |");
        System.out.println("| --- | ---: | ---: |");
        for (FunctionDef f : Catalog.safehold().functions()) {
            Path jar = root.resolve(f.jarPath());
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                long classes = zip.stream().filter(e -> e.getName().endsWith(".class")).count();
                System.out.printf("| %s | %.1f MiB | %d |%n", f.name(), Files.size(jar) / 1048576.0, classes);
            }
        }
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(0);
                DynamoDbClient client = AwsClients.dynamoDb(AwsClients.local(dynamo.endpoint()))) {
            for (TableDef t : Tables.ALL) {
                TableProvisioner.create(client, t, t.name());
            }
            UserId provider = new UserId("bench-provider");
            new DynamoDbProfileDirectory(client, Tables.USERS.name())
                    .save(new PublicProfile(provider, "Bench", Trust.NEW));
            Instant now = Instant.now();
            new DynamoDbOfferStore(client, Tables.OFFERS.name()).create(new Offer("off_bench", provider, "Walk", "",
                    Money.of(12000, Currency.getInstance("EUR")), 60,
                    List.of(new Term("t1", TermKind.CONDUCT, "Be kind")), null, new CancellationPolicy(48, 50, 6),
                    "0000000000000000", 1, now, now));
            DynamoDbSessionStore sessions = new DynamoDbSessionStore(client, Tables.SESSIONS.name());
            for (String sub : List.of("bench-reader", "bench-admin")) {
                sessions.grant(new AccessGrant("jti-" + sub, new UserId(sub), "bench", "bench", now,
                        now.plus(Duration.ofHours(2))));
            }
            Path probeDir = probeClassDir();
            measure("offers", "GET /v1/offers/{id}", runs, root, probeDir, dynamo.port(), "com.safehold.offers.OffersApiHandler",
                    "GET /v1/offers/{id}", "/v1/offers/off_bench", "off_bench", "bench-reader", "[customer]",
                    "jti-bench-reader");
            measure("auth", "GET /v1/admin/settings", runs, root, probeDir, dynamo.port(),
                    "com.safehold.auth.AuthApiHandler", "GET /v1/admin/settings", "/v1/admin/settings", "-",
                    "bench-admin", "[admin]", "jti-bench-admin");
            measure("scan", "GET /v1/loyalty/cards", runs, root, probeDir, dynamo.port(),
                    "com.safehold.scan.ScanApiHandler", "GET /v1/loyalty/cards", "/v1/loyalty/cards", "-",
                    "bench-reader", "[customer]", "jti-bench-reader");
            measure("verification", "GET /v1/admin/verification-policy", runs, root, probeDir, dynamo.port(),
                    "com.safehold.verification.VerificationApiHandler", "GET /v1/admin/verification-policy",
                    "/v1/admin/verification-policy", "-", "bench-admin", "[admin]", "jti-bench-admin");
        }
        // DynamoDB Local's shard-rollover job is a non-daemon thread that outlives its shutdown() by
        // minutes; everything this tool started is closed above, so end the JVM now.
        System.exit(0);
    }

    private static void measure(String function, String request, int runs, Path root, Path probeDir, int dynamoPort,
            String... probeArgs) throws IOException, InterruptedException {
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(probe(root.resolve("functions/" + function + "/target/function.jar"), probeDir, dynamoPort,
                    probeArgs));
        }
        System.out.println();
        System.out.println("| " + function + " cold start, " + request + " (" + runs + " fresh JVMs) | min | median | max |");
        System.out.println("| --- | ---: | ---: | ---: |");
        String[] names = {"JVM start to main", "init (handler constructor)", "first invocation", "total"};
        for (int k = 0; k < 4; k++) {
            int col = k;
            List<Long> values = samples.stream()
                    .map(s -> col == 3 ? s[0] + s[1] + s[2] : s[col]).sorted().toList();
            System.out.printf("| %s | %d ms | %d ms | %d ms |%n", names[k], values.getFirst(),
                    values.get(values.size() / 2), values.getLast());
        }
    }

    private static long[] probe(Path jar, Path probeDir, int dynamoPort, String... probeArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", jar + java.io.File.pathSeparator + probeDir, ColdStartProbe.class.getName()));
        command.addAll(List.of(probeArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        var env = pb.environment();
        env.put("AWS_REGION", "eu-central-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + dynamoPort);
        env.put(FunctionDef.KMS_KEY_VARIABLE, "unused-by-these-requests");
        // the auth function builds its Cognito and KMS clients at init; these requests call neither
        env.put(FunctionDef.HMAC_KEY_VARIABLE, "unused-by-these-requests");
        env.put(FunctionDef.USER_POOL_VARIABLE, "eu-central-1_bench");
        env.put(FunctionDef.USER_POOL_CLIENT_VARIABLE, "bench-client");
        for (TableDef t : Tables.ALL) {
            env.put(t.environmentVariable(), t.name());
        }
        // the verification function builds its queue client at init; this request sends nothing
        env.put(com.safehold.catalog.Queues.VERIFICATION_CALLS.environmentVariable(), "http://127.0.0.1:1/unused");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("probe failed: " + err);
        }
        Matcher m = PROBE.matcher(err);
        if (!m.find()) {
            throw new IllegalStateException("no probe line in: " + err);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    /** A folder holding only the probe class, so the child's classpath is the function jar plus one class. */
    private static Path probeClassDir() throws IOException {
        Path dir = Files.createTempDirectory("safehold-probe");
        String resource = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (var in = ColdStartProbe.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return dir;
    }
}
