package com.safehold.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness's quick mode, so it cannot rot: every function jar, in a fresh JVM, handles its sample
 * event from {@code events/} against the emulators and answers without a server error, and both lifecycles run
 * through the handlers with verified, balanced ledgers (the harness throws otherwise). It asserts what was
 * counted, never how long anything took.
 */
class BenchmarkSmokeTest {

    @Test
    void theQuickHarnessRunsEveryFunctionJarAndBothLifecycles() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        for (FunctionDef f : Catalog.safehold().functions()) {
            assertThat(root.resolve(f.jarPath())).as("built by the package phase before this test").exists();
        }

        String report = Benchmarks.run(Benchmarks.Plan.smoke(), root);

        for (FunctionDef f : Catalog.safehold().functions()) {
            assertThat(report).containsPattern("(?m)^\\| " + f.name() + " \\| [^|]+ \\| (2\\d\\d|ok) \\|");
        }
        assertThat(report).containsPattern("(?m)^\\| floor \\| one GetItem \\| 200 \\|");
        // both lifecycles: the booking function and the escrow worker ran, DynamoDB, SQS and SNS were used
        assertThat(report).containsPattern("(?m)^\\| completed \\| \\d+ \\(booking \\d+, escrow 3, offers 1\\) \\|");
        assertThat(report).containsPattern("(?m)^\\| disputed \\| \\d+ \\(booking \\d+, dispute 4, escrow 3, offers 1\\) \\|");
        assertThat(report).contains("| `POST /v1/bookings` |", "| `escrow` |", "| **total** |");
    }
}
