package com.safehold.adapters.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * The HTTP layer under a real {@link KmsClient}: records every request the SDK sends (after marshalling and
 * signing) and answers like KMS would. There is no KMS emulator on this machine (notes/local-aws.md), so
 * the KMS adapter is verified by the exact requests it sends.
 *
 * <p>Answers come from a queue of canned responses if any are queued; otherwise from a tiny in-memory KMS:
 * {@code GenerateDataKey} returns a random key and an opaque random blob, {@code Decrypt} returns the key
 * for a blob it issued under the same encryption context and key id, and InvalidCiphertextException for
 * anything else. Thread-safe.
 */
final class FakeKmsHttpClient implements SdkHttpClient {

    static final URI ENDPOINT = URI.create("http://kms.test");
    static final String KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String GENERATE_DATA_KEY = "TrentService.GenerateDataKey";
    static final String DECRYPT = "TrentService.Decrypt";

    /** One request as it went over the wire. Header names are case-insensitive. */
    record RecordedRequest(SdkHttpMethod method, URI uri, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }

        String target() {
            return header("X-Amz-Target");
        }

        /** The JSON body as plain maps, lists and strings, for exact comparison. */
        Map<String, Object> json() {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) toJava(JsonNode.parser().parse(body));
            return object;
        }
    }

    /** A response to send back as is. */
    record CannedResponse(int status, Map<String, String> headers, String body) {

        static CannedResponse ok(String json) {
            return new CannedResponse(200, Map.of("Content-Type", "application/x-amz-json-1.1"), json);
        }

        /** A KMS error: status, the {@code x-amzn-ErrorType} header and the {@code __type} body field. */
        static CannedResponse error(int status, String type, String message) {
            return new CannedResponse(status,
                    Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", type),
                    "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    private record IssuedKey(byte[] plaintext, Object encryptionContext, Object keyId) {}

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<CannedResponse> canned = new ConcurrentLinkedQueue<>();
    private final Map<String, IssuedKey> issued = new ConcurrentHashMap<>();

    /** A real KMS client (static credentials, eu-central-1, default retries) sending through this fake. */
    KmsClient kmsClient() {
        return kmsClientBuilder().build();
    }

    /** As {@link #kmsClient()} but never retrying, for error tests: one request per call. */
    KmsClient kmsClientWithoutRetries() {
        return kmsClientBuilder()
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private KmsClientBuilder kmsClientBuilder() {
        return KmsClient.builder()
                .httpClient(this)
                .endpointOverride(ENDPOINT)
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")));
    }

    /** Answers the next request with {@code response} instead of emulating KMS. */
    void respondNext(CannedResponse response) {
        canned.add(response);
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    long count(String target) {
        return requests.stream().filter(request -> target.equals(request.target())).count();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                RecordedRequest recorded = record(request);
                requests.add(recorded);
                CannedResponse next = canned.poll();
                return toHttp(next != null ? next : emulate(recorded));
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public void close() {}

    private static RecordedRequest record(HttpExecuteRequest request) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.httpRequest().headers());
        String body = "";
        if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new RecordedRequest(request.httpRequest().method(), request.httpRequest().getUri(), headers, body);
    }

    private CannedResponse emulate(RecordedRequest request) {
        Map<String, Object> json = request.json();
        if (GENERATE_DATA_KEY.equals(request.target())) {
            byte[] plaintext = randomBytes(32);
            byte[] blob = randomBytes(184); // the size of a real KMS ciphertext blob for an AES-256 data key
            issued.put(base64(blob), new IssuedKey(plaintext, json.get("EncryptionContext"), json.get("KeyId")));
            return CannedResponse.ok("{\"CiphertextBlob\":\"" + base64(blob) + "\",\"Plaintext\":\"" + base64(plaintext)
                    + "\",\"KeyId\":\"" + KEY_ARN + "\"}");
        }
        if (DECRYPT.equals(request.target())) {
            IssuedKey key = issued.get(String.valueOf(json.get("CiphertextBlob")));
            if (key == null || !key.encryptionContext().equals(json.get("EncryptionContext"))) {
                return CannedResponse.error(400, "InvalidCiphertextException", "");
            }
            if (!key.keyId().equals(json.get("KeyId"))) {
                return CannedResponse.error(400, "IncorrectKeyException", "");
            }
            return CannedResponse.ok("{\"Plaintext\":\"" + base64(key.plaintext()) + "\",\"KeyId\":\"" + KEY_ARN
                    + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        }
        return CannedResponse.error(400, "UnknownOperationException", "");
    }

    private static HttpExecuteResponse toHttp(CannedResponse response) {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse.Builder http = SdkHttpResponse.builder()
                .statusCode(response.status())
                .putHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                .putHeader("Content-Length", Integer.toString(body.length));
        response.headers().forEach(http::putHeader);
        return HttpExecuteResponse.builder()
                .response(http.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            node.asObject().forEach((name, value) -> object.put(name, toJava(value)));
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>();
            node.asArray().forEach(element -> array.add(toJava(element)));
            return array;
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNumber()) {
            return node.asNumber();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        throw new IllegalArgumentException("unexpected JSON node " + node);
    }
}
