package com.safehold.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AWS services that have no emulator here (../shared/notes/local-aws.md), answered on loopback for the
 * benchmark only, so a function jar in a fresh JVM runs its real SDK clients end to end: KMS
 * ({@code GenerateDataKey}, {@code Decrypt} bound to the encryption context, {@code GenerateMac}), SNS
 * {@code Publish} and SMS &amp; Voice {@code SendVoiceMessage}. It is a test double, never part of the local
 * platform: the platform keeps its local keyring and outbox (SPEC 2). Counts every request it answers. The
 * fault-injection tests use it too, so their KMS and SNS calls go through real SDK clients they can fail.
 */
public final class FakeAws implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final SecureRandom random = new SecureRandom();
    private final byte[] wrappingKey = new byte[32];
    private final byte[] macKey = new byte[32];
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    private FakeAws() throws IOException {
        random.nextBytes(wrappingKey);
        random.nextBytes(macKey);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-aws");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static FakeAws start() throws IOException {
        return new FakeAws();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests answered so far, by {@code service.Operation}. */
    public Map<String, Long> requests() {
        Map<String, Long> copy = new TreeMap<>();
        requests.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Reply reply;
            try {
                reply = target != null ? json(target, JSON.readTree(body)) : query(new String(body, StandardCharsets.UTF_8));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                reply = new Reply(400, "application/x-amz-json-1.1",
                        "{\"__type\":\"InvalidCiphertextException\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private record Reply(int status, String contentType, String body) {}

    private Reply json(String target, JsonNode request) throws GeneralSecurityException {
        String operation = target.substring(target.indexOf('.') + 1);
        ObjectNode out = JSON.createObjectNode();
        switch (target) {
            case "TrentService.GenerateDataKey" -> {
                count("kms", operation);
                byte[] plaintext = new byte[32];
                random.nextBytes(plaintext);
                out.put("KeyId", request.path("KeyId").asText());
                out.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
                out.put("CiphertextBlob", Base64.getEncoder().encodeToString(
                        gcm(Cipher.ENCRYPT_MODE, plaintext, context(request))));
            }
            case "TrentService.Decrypt" -> {
                count("kms", operation);
                byte[] blob = Base64.getDecoder().decode(request.path("CiphertextBlob").asText());
                out.put("KeyId", request.path("KeyId").asText());
                out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
                out.put("Plaintext", Base64.getEncoder().encodeToString(gcm(Cipher.DECRYPT_MODE, blob, context(request))));
            }
            case "TrentService.GenerateMac" -> {
                count("kms", operation);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
                out.put("KeyId", request.path("KeyId").asText());
                out.put("MacAlgorithm", "HMAC_SHA_256");
                out.put("Mac", Base64.getEncoder().encodeToString(
                        mac.doFinal(Base64.getDecoder().decode(request.path("Message").asText()))));
            }
            case "PinpointSMSVoiceV2.SendVoiceMessage" -> {
                count("sms-voice", operation);
                out.put("MessageId", UUID.randomUUID().toString());
            }
            case "SimpleNotificationService.Publish", "AmazonSNS.Publish" -> {
                count("sns", operation);
                out.put("MessageId", UUID.randomUUID().toString());
            }
            default -> {
                count("unknown", target);
                return new Reply(400, "application/x-amz-json-1.1",
                        "{\"__type\":\"UnknownOperationException\",\"message\":\"" + target + "\"}");
            }
        }
        return new Reply(200, "application/x-amz-json-1.1", out.toString());
    }

    /** SNS over the AWS query protocol (form-encoded {@code Action=Publish}, XML answer). */
    private Reply query(String form) {
        String action = "";
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                action = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
            }
        }
        if (!action.equals("Publish")) {
            count("unknown", action);
            return new Reply(400, "text/xml", "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
        }
        count("sns", action);
        return new Reply(200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></PublishResponse>");
    }

    private void count(String service, String operation) {
        requests.computeIfAbsent(service + "." + operation, k -> new AtomicLong()).incrementAndGet();
    }

    /** The encryption context as authenticated data, in a canonical order: a different context fails to decrypt. */
    private static byte[] context(JsonNode request) {
        Map<String, String> sorted = new TreeMap<>();
        request.path("EncryptionContext").properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] gcm(int mode, byte[] input, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec key = new SecretKeySpec(wrappingKey, "AES");
        if (mode == Cipher.ENCRYPT_MODE) {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(input);
            byte[] blob = new byte[12 + sealed.length];
            System.arraycopy(iv, 0, blob, 0, 12);
            System.arraycopy(sealed, 0, blob, 12, sealed.length);
            return blob;
        }
        if (input.length < 28) {
            throw new IllegalArgumentException("short ciphertext");
        }
        cipher.init(mode, key, new GCMParameterSpec(128, input, 0, 12));
        cipher.updateAAD(aad);
        return cipher.doFinal(input, 12, input.length - 12);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
