package com.safehold.local.bench;

import com.safehold.catalog.Catalog;
import com.safehold.domain.common.Role;
import com.safehold.local.LocalConfig;
import com.safehold.local.LocalPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code ./safehold bench-login [n]}: does a login for an unknown e-mail take measurably different time from
 * a wrong password for a real one (SPEC 4.1: same answer, no timing difference worth measuring)? Starts the
 * local platform, creates {@code n} accounts, then interleaves one wrong-password login per account with one
 * login per fresh unknown e-mail, each a first failure (so neither is locked), over real HTTP. Prints
 * percentiles of both and checks the answers are byte-identical.
 */
public final class LoginTimingBenchmark {

    private LoginTimingBenchmark() {}

    public static void main(String[] args) throws Exception {
        ReportOut.silenceHandlerLogs();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (LocalPlatform platform = LocalPlatform.start(LocalConfig.ephemeral(), Catalog.safehold())) {
            HttpClient http = HttpClient.newHttpClient();
            URI login = platform.gatewayUri().resolve("/v1/auth/login");
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String email = "timing-" + UUID.randomUUID() + "@example.test";
                platform.createAccount(email, "Correct-Horse-9!", Role.CUSTOMER, "Timing " + i);
                accounts.add(email);
            }
            for (int i = 0; i < 20; i++) { // warm-up: JIT and connections, not measured
                send(http, login, "warmup-" + UUID.randomUUID() + "@example.test");
            }
            long[] wrongPassword = new long[n];
            long[] unknownEmail = new long[n];
            String firstBody = null;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> wrong = send(http, login, accounts.get(i));
                long t1 = System.nanoTime();
                HttpResponse<String> unknown = send(http, login, "nobody-" + UUID.randomUUID() + "@example.test");
                long t2 = System.nanoTime();
                wrongPassword[i] = t1 - t0;
                unknownEmail[i] = t2 - t1;
                if (wrong.statusCode() != 401 || unknown.statusCode() != 401 || !wrong.body().equals(unknown.body())) {
                    throw new IllegalStateException("answers differ: " + wrong.statusCode() + " " + wrong.body()
                            + " / " + unknown.statusCode() + " " + unknown.body());
                }
                firstBody = wrong.body();
            }
            ReportOut.REPORT.println("| login answer (" + n + " each, interleaved) | p10 | median | p90 | mean |");
            ReportOut.REPORT.println("| --- | ---: | ---: | ---: | ---: |");
            row("wrong password, existing account", wrongPassword);
            row("unknown e-mail", unknownEmail);
            ReportOut.REPORT.println();
            ReportOut.REPORT.println("Both answered 401 with the identical body: " + firstBody);
        }
        System.exit(0); // DynamoDB Local leaves a non-daemon thread behind (docs/benchmarks.md)
    }

    private static HttpResponse<String> send(HttpClient http, URI login, String email) throws Exception {
        return http.send(HttpRequest.newBuilder(login).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"Wrong-Password-1!\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        double mean = java.util.Arrays.stream(sorted).average().orElse(0) / 1e6;
        ReportOut.REPORT.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", name, sorted[sorted.length / 10] / 1e6,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6, mean);
    }
}
