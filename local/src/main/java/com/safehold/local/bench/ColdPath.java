package com.safehold.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Functions;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.Queues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The cold path of every function: a fresh JVM per run whose classpath is the function's shaded jar and the
 * {@link HandlerProbe}, the environment the CDK app sets pointed at the {@link BenchStack}, and the function's
 * sample event from {@code events/} made real (its ids, callers and codes replaced by ones seeded here, so the
 * handler does its real work, not an early refusal). The floor ({@link FloorHandler}) runs the same way in
 * every round. Runs are interleaved round by round, so drift on the machine touches all subjects alike.
 */
final class ColdPath {

    /** How the JVM is started: flags, an AOT cache trained for each subject, SnapStart priming. */
    record Variant(String name, List<String> flags, boolean aotCache, boolean prime) {}

    static final Variant CDK = new Variant("CDK flags", List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"),
            false, false);
    static final Variant NO_FLAGS = new Variant("no JVM flags", List.of(), false, false);
    static final Variant AOT = new Variant("CDK flags + AOT cache", CDK.flags(), true, false);
    static final Variant PRIMED = new Variant("CDK flags + priming (SnapStart stand-in)", CDK.flags(), false, true);

    /** One fresh JVM's figures, in ms. */
    record Sample(double jvmToMain, double init, double prime, double first, long classesAtInit,
            long classesAfterFirst, String outcome) {

        double coldPath() {
            return jvmToMain + init + first;
        }
    }

    /** A function (or the floor) with the event each run hands it. */
    record Subject(String name, Path jar, String handlerClass, String event, Supplier<String> nextEvent) {}

    private static final Pattern PROBE = Pattern.compile("PROBE jvmToMainMs=(\\d+) initMs=([\\d.]+) primeMs=([\\d.]+)"
            + " firstInvokeMs=([\\d.]+) classesAtInit=(\\d+) classesAfterFirst=(\\d+) outcome=(\\S+)");
    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    private final BenchStack stack;
    private final Lifecycles seeds;
    private final Path root;
    private final Path work;
    private final Path probeJar;
    private final AtomicInteger slot = new AtomicInteger();
    /** The cold runs' own provider and offer: their bookings must not take the lifecycles' slots. */
    private final Lifecycles.Who provider;
    private final Lifecycles.Offer offer;

    ColdPath(BenchStack stack, Lifecycles seeds, Path root) throws IOException {
        this.stack = stack;
        this.seeds = seeds;
        this.root = root;
        this.work = Files.createTempDirectory("safehold-cold");
        this.probeJar = probeJar(work);
        this.provider = seeds.newUser("[provider]");
        this.offer = seeds.offer(provider);
    }

    /** Every function of the catalog (in catalog order) and the floor, first. */
    List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        Path offersJar = root.resolve(Functions.OFFERS.jarPath());
        subjects.add(new Subject("floor", offersJar, FloorHandler.class.getName(), "one GetItem",
                () -> api("offers-get.json").toString()));
        for (FunctionDef f : Catalog.safehold().functions()) {
            subjects.add(subject(f));
        }
        return subjects;
    }

    /** Runs {@code runs} rounds of every subject in a variant; returns the samples by subject name. */
    Map<String, List<Sample>> measure(Variant variant, List<Subject> subjects, int runs) throws Exception {
        Map<String, Path> caches = new LinkedHashMap<>();
        if (variant.aotCache()) {
            for (Subject s : subjects) { // JEP 514: one training run writes the cache when the JVM exits
                Path cache = work.resolve(s.name() + ".aot");
                Files.deleteIfExists(cache);
                probe(s, variant, List.of("-XX:AOTCacheOutput=" + cache));
                caches.put(s.name(), cache);
            }
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Subject s : subjects) {
                List<String> extra = variant.aotCache() ? List.of("-XX:AOTCache=" + caches.get(s.name())) : List.of();
                samples.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(probe(s, variant, extra));
            }
        }
        return samples;
    }

    /** The per-function table of one variant: medians, and each cold path against the floor's. */
    static String table(Variant variant, List<Subject> subjects, Map<String, List<Sample>> samples) {
        double floor = Stats.median(samples.get("floor").stream().map(Sample::coldPath).toList());
        StringBuilder out = new StringBuilder();
        out.append("| function | event | answer | JVM start | init | ").append(variant.prime() ? "priming | " : "")
                .append("first invocation | cold path | × floor | classes loaded at init | after first |\n");
        out.append("| --- | --- | --- | ---: | ---: | ").append(variant.prime() ? "---: | " : "")
                .append("---: | ---: | ---: | ---: | ---: |\n");
        for (Subject s : subjects) {
            List<Sample> list = samples.get(s.name());
            double cold = Stats.median(list.stream().map(Sample::coldPath).toList());
            out.append("| %s | %s | %s | %.0f ms | %.0f ms | ".formatted(s.name(), s.event(),
                    list.stream().map(Sample::outcome).distinct().collect(Collectors.joining(", ")),
                    Stats.median(list.stream().map(Sample::jvmToMain).toList()),
                    Stats.median(list.stream().map(Sample::init).toList())));
            if (variant.prime()) {
                out.append("%.0f ms | ".formatted(Stats.median(list.stream().map(Sample::prime).toList())));
            }
            out.append("%.0f ms | %.0f ms | %.2f | %.0f | %.0f |\n".formatted(
                    Stats.median(list.stream().map(Sample::first).toList()), cold, cold / floor,
                    Stats.median(list.stream().map(Sample::classesAtInit).toList()),
                    Stats.median(list.stream().map(Sample::classesAfterFirst).toList())));
        }
        return out.toString();
    }

    /** One row per subject, one column per variant: the cold path and its ratio to that variant's floor. */
    static String summary(List<Subject> subjects, Map<Variant, Map<String, List<Sample>>> byVariant) {
        StringBuilder out = new StringBuilder("| function | " + byVariant.keySet().stream().map(Variant::name)
                .collect(Collectors.joining(" | ")) + " |\n");
        out.append("| --- |" + " ---: |".repeat(byVariant.size()) + "\n");
        for (Subject s : subjects) {
            out.append("| ").append(s.name()).append(" | ");
            out.append(byVariant.values().stream().map(samples -> {
                double floor = Stats.median(samples.get("floor").stream().map(Sample::coldPath).toList());
                double cold = Stats.median(samples.get(s.name()).stream().map(Sample::coldPath).toList());
                return "%.0f (%.2f×)".formatted(cold, cold / floor);
            }).collect(Collectors.joining(" | "))).append(" |\n");
        }
        return out.toString();
    }

    private Sample probe(Subject subject, Variant variant, List<String> extraFlags) throws IOException,
            InterruptedException {
        Path event = work.resolve(subject.name() + "-event.json");
        Files.writeString(event, subject.nextEvent().get());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(variant.flags());
        command.addAll(extraFlags);
        command.addAll(List.of("-cp", subject.jar() + java.io.File.pathSeparator + probeJar,
                HandlerProbe.class.getName(), subject.handlerClass(), event.toString(), variant.prime() ? "prime" : "-"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        FunctionDef function = Catalog.safehold().functions().stream()
                .filter(f -> f.handlerClass().equals(subject.handlerClass())).findFirst().orElse(Functions.OFFERS);
        pb.environment().putAll(stack.environment(function));
        Path out = work.resolve(subject.name() + "-stdout.txt"); // the handler's request log line, the JVM's errors
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(subject.name() + ": probe failed: " + err + Files.readString(out));
        }
        Matcher m = PROBE.matcher(err);
        if (!m.find()) {
            throw new IllegalStateException(subject.name() + ": no probe line in: " + err);
        }
        String outcome = m.group(7);
        if (outcome.startsWith("5") || outcome.endsWith("failed")) {
            throw new IllegalStateException(subject.name() + " answered " + outcome + ": " + err);
        }
        return new Sample(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), outcome);
    }

    // ---- each function's event, made real --------------------------------------------------------------

    private Subject subject(FunctionDef f) {
        Path jar = root.resolve(f.jarPath());
        String handler = f.handlerClass();
        return switch (f.name()) {
            case "offers" -> {
                Lifecycles.Who customer = seeds.newUser("[customer]");
                yield new Subject(f.name(), jar, handler, "`offers-get.json`", () -> {
                    ObjectNode e = api("offers-get.json");
                    path(e, "id", offer.offerId());
                    caller(e, customer);
                    return e.toString();
                });
            }
            case "auth" -> {
                ObjectNode signup = api("auth-signup.json");
                seeds.seedPublic(201, EVENTS.convertValue(signup, APIGatewayV2HTTPEvent.class));
                yield new Subject(f.name(), jar, handler, "`auth-login.json`", () -> api("auth-login.json").toString());
            }
            case "booking" -> new Subject(f.name(), jar, handler, "`booking-create.json`", () -> {
                ObjectNode e = api("booking-create.json");
                ObjectNode body = (ObjectNode) read(e.get("body").asText());
                body.put("offerId", offer.offerId()).put("acceptedTermsVersion", offer.termsVersion())
                        .put("startsAt", nextSlot().toString());
                e.put("body", body.toString());
                ((ObjectNode) e.get("headers")).put("idempotency-key", UUID.randomUUID().toString());
                caller(e, seeds.newUser("[customer]"));
                return e.toString();
            });
            case "timers", "purge" -> new Subject(f.name(), jar, handler,
                    "`" + f.name() + "-scheduled.json`", () -> file(f.name() + "-scheduled.json"));
            case "escrow" -> new Subject(f.name(), jar, handler, "a `HOLD` from `POST /v1/bookings`", () -> {
                seedBooking(seeds.newUser("[customer]"));
                return sqsEvent(Queues.ESCROW_COMMANDS);
            });
            case "dispute" -> {
                Lifecycles.Who customer = seeds.newUser("[customer]");
                String bookingId = seedBooking(customer);
                yield new Subject(f.name(), jar, handler, "`dispute-message.json`", () -> {
                    ObjectNode e = api("dispute-message.json");
                    path(e, "id", bookingId);
                    caller(e, customer);
                    return e.toString();
                });
            }
            case "privacy" -> {
                ObjectNode signup = api("auth-signup.json");
                ObjectNode body = (ObjectNode) read(signup.get("body").asText());
                body.put("email", "export-" + UUID.randomUUID() + "@example.com");
                signup.put("body", body.toString());
                String userId = seeds.seedPublic(201, EVENTS.convertValue(signup, APIGatewayV2HTTPEvent.class))
                        .get("userId").asText();
                Lifecycles.Who user = seeds.signedIn(new com.safehold.domain.common.UserId(userId), "[customer]");
                yield new Subject(f.name(), jar, handler, "`privacy-export.json`", () -> {
                    ObjectNode e = api("privacy-export.json");
                    caller(e, user);
                    return e.toString();
                });
            }
            case "scan" -> {
                Lifecycles.Who merchant = seeds.newUser("[merchant]");
                ObjectNode store = api("scan-store-create.json");
                String storeId = seeds.seed(201, "POST /v1/stores", Map.of(), store.get("body").asText(), merchant,
                        Map.of()).get("storeId").asText();
                seeds.seed(201, "POST /v1/loyalty/programs", Map.of(), """
                        {"storeIds":["%s"],"stampsPerReward":10,"cooldownMinutes":30,"reward":"Coffee"}"""
                        .formatted(storeId), merchant, Map.of());
                yield new Subject(f.name(), jar, handler, "`scan-scan.json` with a current display code", () -> {
                    String code = seeds.seed(200, "GET /v1/stores/{id}/display-code", Map.of("id", storeId), null,
                            merchant, Map.of()).get("code").asText();
                    ObjectNode e = api("scan-scan.json");
                    ObjectNode body = (ObjectNode) read(e.get("body").asText());
                    body.put("code", code).put("deviceId", "bench-" + UUID.randomUUID());
                    e.put("body", body.toString());
                    caller(e, seeds.newUser("[customer]"));
                    return e.toString();
                });
            }
            case "verification" -> new Subject(f.name(), jar, handler, "`verification-start.json`", () -> {
                ObjectNode e = api("verification-start.json");
                ObjectNode body = (ObjectNode) read(e.get("body").asText());
                body.put("phone", nextPhone());
                e.put("body", body.toString());
                caller(e, seeds.newUser("[customer]"));
                return e.toString();
            });
            case "calls" -> new Subject(f.name(), jar, handler, "a call from `POST /v1/verifications`", () -> {
                ObjectNode body = (ObjectNode) read(api("verification-start.json").get("body").asText());
                body.put("phone", nextPhone());
                seeds.seed(202, "POST /v1/verifications", Map.of(), body.toString(), seeds.newUser("[customer]"),
                        Map.of());
                return sqsEvent(Queues.VERIFICATION_CALLS);
            });
            case "history" -> new Subject(f.name(), jar, handler, "`history-export.json`", () -> {
                ObjectNode e = api("history-export.json");
                caller(e, provider);
                return e.toString();
            });
            default -> throw new IllegalStateException("no cold-path event for function " + f.name()
                    + ": add one to ColdPath#subject");
        };
    }

    private String seedBooking(Lifecycles.Who customer) {
        return seeds.seed(202, "POST /v1/bookings", Map.of(), """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(offer.offerId(), nextSlot(),
                offer.termsVersion()), customer, Map.of("idempotency-key", UUID.randomUUID().toString()))
                .get("bookingId").asText();
    }

    /** A free slot of the seeded provider: every booking here gets its own three hours, ten days out. */
    private Instant nextSlot() {
        return Instant.now().plus(java.time.Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS)
                .plus(java.time.Duration.ofHours(3L * slot.incrementAndGet()));
    }

    private String nextPhone() {
        return "+49151" + String.format("%08d", slot.incrementAndGet());
    }

    /** One message the function's queue holds, as the event source mapping would hand it over. */
    private String sqsEvent(QueueDef queue) {
        List<Message> received = stack.sqs().receiveMessage(r -> r.queueUrl(stack.queueUrl(queue))
                .maxNumberOfMessages(1).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (received.isEmpty()) {
            throw new IllegalStateException("nothing on " + queue.queueName("") + " for the cold path");
        }
        try {
            return EVENTS.writeValueAsString(com.safehold.local.QueuePollers.toEvent(queue, received));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode api(String file) {
        return (ObjectNode) read(file(file));
    }

    private String file(String name) {
        try {
            return Files.readString(root.resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return EVENTS.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void path(ObjectNode event, String name, String value) {
        String template = event.get("rawPath").asText();
        String old = event.with("pathParameters").path(name).asText();
        event.put("rawPath", template.replace(old, value));
        event.with("pathParameters").put(name, value);
    }

    private static void caller(ObjectNode event, Lifecycles.Who who) {
        ObjectNode claims = event.with("requestContext").with("authorizer").with("jwt").with("claims");
        claims.put("sub", who.id().value()).put("cognito:groups", who.groups()).put("jti", who.jti());
    }

    /** The probe and the floor, in a jar: an AOT cache only takes classes from jars. */
    private static Path probeJar(Path dir) throws IOException {
        Path jar = dir.resolve("probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : List.of(HandlerProbe.class, FloorHandler.class)) {
                String resource = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(resource));
                try (var in = type.getClassLoader().getResourceAsStream(resource)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
