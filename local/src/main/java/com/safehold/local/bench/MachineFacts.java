package com.safehold.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The machine a report was measured on: numbers mean little without it. */
public final class MachineFacts {

    private MachineFacts() {}

    public static String describe() {
        return """
                ## Machine

                | | |
                | --- | --- |
                | measured | %s |
                | CPU | %s, %d cores available to the JVM |
                | memory | %s |
                | OS | %s %s (%s) |
                | JDK | %s %s |
                """.formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS), cpuModel(),
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    private static String memory() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").strip();
        try {
            return "%.1f GiB".formatted(Long.parseLong(kb) / 1048576.0);
        } catch (NumberFormatException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
