package com.safehold.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.safehold.adapters.AwsClients;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AccessGrant;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.loyalty.MerchantService;
import com.safehold.domain.loyalty.Program;
import com.safehold.domain.loyalty.ProgramDraft;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.loyalty.StoreDraft;
import com.safehold.local.LocalConfig;
import com.safehold.local.LocalPlatform;
import com.safehold.scan.ScanApiHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./safehold bench-scan [n]}: scan validation's handler time and DynamoDB round trips (SPEC 4.9,
 * docs/benchmarks.md). Starts the local platform for its DynamoDB Local (over loopback HTTP, as the handler
 * talks to DynamoDB in AWS), builds the scan handler the way Lambda would, warms it up, then times
 * {@code handleRequest} for {@code n} accepted display-code scans and {@code n/4} receipt-code scans, each by
 * a fresh signed-in customer, and counts the DynamoDB requests each one made.
 */
public final class ScanBenchmark {

    private static final double LAT = 48.2104;
    private static final double LON = 16.3656;

    private ScanBenchmark() {}

    public static void main(String[] args) throws Exception {
        ReportOut.silenceHandlerLogs();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (LocalPlatform platform = LocalPlatform.start(LocalConfig.ephemeral(), Catalog.safehold())) {
            Meter counter = new Meter();
            AwsClients.Settings local = AwsClients.local(URI.create("http://127.0.0.1:" + platform.dynamoDbPort()));
            DynamoDbClient counted = DynamoDbClient.builder().region(local.region()).credentialsProvider(local.credentials())
                    .httpClient(local.httpClient()).endpointOverride(local.endpoint())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
            Deployment deployment = new BenchDeployment(counted, platform.newFieldCipher());
            ScanApiHandler handler = new ScanApiHandler(deployment);
            MerchantService merchants = new MerchantService(ScanApiHandler.loyaltyStore(deployment), deployment.ids(),
                    deployment.clock(), text -> new byte[0]);
            Caller merchant = new Caller(new UserId(UUID.randomUUID().toString()), Set.of(Role.MERCHANT));
            Store store = merchants.open(merchant, new StoreDraft("Bench café", LAT, LON, 60));
            Program program = merchants.startProgram(merchant,
                    new ProgramDraft(List.of(store.storeId()), 10, 30, "Coffee"));
            DynamoDbSessionStore sessions = new DynamoDbSessionStore(counted, Tables.SESSIONS.name());

            run(handler, sessions, counter, 200, () -> merchants.displayCode(merchant, store.storeId()).code()); // warm-up
            Result display = run(handler, sessions, counter, n, () -> merchants.displayCode(merchant, store.storeId()).code());
            List<String> receipts = new ArrayList<>(merchants.receiptCodes(merchant, store.storeId(),
                    Math.min(500, Math.max(1, n / 4)), 24).codes());
            Result receipt = run(handler, sessions, counter, receipts.size(), () -> receipts.removeFirst());

            ReportOut.REPORT.println("| accepted scan (" + program.stampsPerReward() + " per reward) | n | p50 | p90 | p99 | max |"
                    + " DynamoDB requests |");
            ReportOut.REPORT.println("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
            display.print("display code");
            receipt.print("receipt code");
        }
    }

    private interface CodeSource {
        String next();
    }

    private static Result run(ScanApiHandler handler, DynamoDbSessionStore sessions, Meter counter, int n,
            CodeSource codes) {
        long[] nanos = new long[n];
        Map<String, Integer> requestsSeen = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String sub = UUID.randomUUID().toString();
            String jti = UUID.randomUUID().toString();
            sessions.grant(new AccessGrant(jti, new UserId(sub), "bench", "bench", java.time.Instant.now(),
                    java.time.Instant.now().plus(Duration.ofHours(1))));
            APIGatewayV2HTTPEvent event = scanEvent(sub, jti, codes.next());
            counter.reset();
            APIGatewayV2HTTPResponse response = counter.invoke("POST /v1/scans", () -> handler.handleRequest(event, null));
            nanos[i] = counter.invocations().getFirst().nanos();
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("scan refused: " + response.getBody());
            }
            List<Meter.Call> calls = counter.calls();
            requestsSeen.merge(calls.size() + ": " + calls.stream().map(Meter.Call::operation)
                    .collect(java.util.stream.Collectors.joining(" + ")), 1, Integer::sum);
        }
        return new Result(nanos, requestsSeen);
    }

    private record Result(long[] nanos, Map<String, Integer> requests) {
        void print(String what) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            ReportOut.REPORT.printf("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s |%n", what, sorted.length,
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6, requests);
        }

        private static double ms(long[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }

    private static APIGatewayV2HTTPEvent scanEvent(String sub, String jti, String code) {
        Map<String, String> claims = new HashMap<>(Map.of("sub", sub, "jti", jti, "cognito:groups", "[customer]",
                "token_use", "access"));
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /v1/scans")
                .withRawPath("/v1/scans")
                .withHeaders(new HashMap<>(Map.of("content-type", "application/json")))
                .withBody("{\"code\":\"" + code + "\",\"lat\":" + LAT + ",\"lon\":" + LON
                        + ",\"accuracyMeters\":8,\"deviceId\":\"bench-" + sub + "\"}")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey("POST /v1/scans")
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).withScopes(List.of("aws.cognito.signin.user.admin")).build())
                                .build())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/v1/scans").withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }

    /** The scan handler's own deployment: the counted client, the platform's keyring, the real clock. */
    private record BenchDeployment(DynamoDbClient dynamoDb, FieldCipher fieldCipher) implements Deployment {
        @Override
        public Clock clock() {
            return Clock.system();
        }

        @Override
        public Ids ids() {
            return Ids.random();
        }

        @Override
        public String tableName(TableDef table) {
            return table.name();
        }
    }
}
