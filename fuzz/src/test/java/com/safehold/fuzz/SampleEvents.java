package com.safehold.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample events in the repository's {@code events/} folder, read where they are (never copied), so the fuzz
 * corpora are seeded from exactly what the functions are documented to receive and cannot drift from it.
 */
public final class SampleEvents {

    private SampleEvents() {}

    /** {@code events/} next to this module (tests run in the module's directory). */
    public static Path folder() {
        for (Path candidate : List.of(Path.of("../events"), Path.of("events"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("events/ not found from " + Path.of("").toAbsolutePath());
    }

    /** Every sample event, parsed as JSON. */
    public static List<JsonNode> all() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(SampleEvents::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP API events (those with a route key). */
    public static List<JsonNode> http() {
        return all().stream().filter(e -> e.hasNonNull("routeKey")).toList();
    }

    /** Every string that is a JSON body of a sample HTTP event. */
    public static List<String> bodies() {
        return http().stream().filter(e -> e.hasNonNull("body")).map(e -> e.get("body").asText()).toList();
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
