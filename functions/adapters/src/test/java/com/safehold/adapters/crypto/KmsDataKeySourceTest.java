package com.safehold.adapters.crypto;

import static com.safehold.adapters.crypto.FakeKmsHttpClient.DECRYPT;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.GENERATE_DATA_KEY;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.KEY_ARN;
import static com.safehold.adapters.crypto.FakeKmsHttpClient.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.crypto.FakeKmsHttpClient.CannedResponse;
import com.safehold.adapters.crypto.FakeKmsHttpClient.RecordedRequest;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;

/** The KMS adapter, verified by the exact requests a real {@code KmsClient} sends through it. */
class KmsDataKeySourceTest {

    private static final UserId OWNER = new UserId("3f2a9c1e-0b7d-4e55-9a61-2c8d7e4f1a90");
    private static final Map<String, Object> ENCRYPTION_CONTEXT =
            Map.of("app", "safehold", "purpose", "person-data-key", "owner", OWNER.value());
    private static final byte[] DATA_KEY = bytes(32, 7);
    private static final byte[] WRAPPED = bytes(184, 91);

    private final FakeKmsHttpClient http = new FakeKmsHttpClient();
    private final KmsDataKeySource source = new KmsDataKeySource(http.kmsClientWithoutRetries(), KEY_ARN);

    @Test
    void generateSendsOneGenerateDataKeyForAnAes256KeyUnderTheOwnersEncryptionContext() {
        http.respondNext(CannedResponse.ok("{\"CiphertextBlob\":\"" + base64(WRAPPED) + "\",\"Plaintext\":\""
                + base64(DATA_KEY) + "\",\"KeyId\":\"" + KEY_ARN + "\"}"));

        DataKey key = source.generate(OWNER);

        assertThat(http.requests()).hasSize(1);
        RecordedRequest request = http.requests().getFirst();
        assertSignedKmsCall(request, GENERATE_DATA_KEY);
        assertThat(request.json()).isEqualTo(Map.of(
                "KeyId", KEY_ARN,
                "KeySpec", "AES_256",
                "EncryptionContext", ENCRYPTION_CONTEXT));
        assertThat(key.plaintext()).isEqualTo(DATA_KEY);
        assertThat(key.wrapped()).isEqualTo(WRAPPED);
    }

    @Test
    void unwrapSendsOneDecryptWithTheWrappedKeyTheKeyIdAndTheSameEncryptionContext() {
        http.respondNext(CannedResponse.ok("{\"Plaintext\":\"" + base64(DATA_KEY) + "\",\"KeyId\":\"" + KEY_ARN
                + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}"));

        byte[] plaintext = source.unwrap(WRAPPED, OWNER);

        assertThat(http.requests()).hasSize(1);
        RecordedRequest request = http.requests().getFirst();
        assertSignedKmsCall(request, DECRYPT);
        assertThat(request.json()).isEqualTo(Map.of(
                "CiphertextBlob", base64(WRAPPED),
                "KeyId", KEY_ARN,
                "EncryptionContext", ENCRYPTION_CONTEXT));
        assertThat(plaintext).isEqualTo(DATA_KEY);
    }

    @Test
    void invalidCiphertextFromKmsIsAFieldDecryptionFailure() {
        http.respondNext(CannedResponse.error(400, "InvalidCiphertextException", "ciphertext is invalid"));

        assertThatThrownBy(() -> source.unwrap(WRAPPED, OWNER))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("InvalidCiphertextException")
                .hasCauseInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void incorrectKeyFromKmsIsAFieldDecryptionFailure() {
        http.respondNext(CannedResponse.error(400, "IncorrectKeyException", "wrong key"));

        assertThatThrownBy(() -> source.unwrap(WRAPPED, OWNER))
                .isInstanceOf(FieldDecryptionException.class)
                .hasCauseInstanceOf(IncorrectKeyException.class);
    }

    /** These may pass (or are operator errors): they must not look like a lost or tampered field. */
    @ParameterizedTest
    @CsvSource({
        "500, KMSInternalException",
        "400, ThrottlingException",
        "400, DependencyTimeoutException",
        "400, KeyUnavailableException",
        "400, DisabledException",
        "400, NotFoundException",
        "400, AccessDeniedException"})
    void transientAndConfigurationErrorsPropagateAsKmsExceptions(int status, String type) {
        http.respondNext(CannedResponse.error(status, type, "no"));

        assertThatThrownBy(() -> source.unwrap(WRAPPED, OWNER))
                .isInstanceOf(KmsException.class)
                .isNotInstanceOf(FieldDecryptionException.class)
                .satisfies(e -> assertThat(((KmsException) e).awsErrorDetails().errorCode()).isEqualTo(type));
    }

    @Test
    void generateFailuresPropagateAsKmsExceptions() {
        http.respondNext(CannedResponse.error(400, "ThrottlingException", "slow down"));

        assertThatThrownBy(() -> source.generate(OWNER)).isInstanceOf(KmsException.class);
    }

    @Test
    void fieldCipherOverKmsNeverSendsPlaintextToKms() {
        EnvelopeFieldCipher cipher = new EnvelopeFieldCipher(source, PersonKeyVaults.dynamoDbLocal(), new MutableClock());
        FieldContext context = new FieldContext(PersonKeyVaults.newOwner(), "users", "u-1", "email");
        String secret = "alice@example.com";

        byte[] field = cipher.encrypt(secret, context);
        String opened = new EnvelopeFieldCipher(source, PersonKeyVaults.dynamoDbLocal(), new MutableClock())
                .decrypt(field, context);

        assertThat(opened).isEqualTo(secret);
        assertThat(http.requests()).extracting(RecordedRequest::target).containsExactly(GENERATE_DATA_KEY, DECRYPT);
        assertThat(http.requests()).allSatisfy(request -> {
            assertThat(request.json()).doesNotContainKey("Plaintext");
            assertThat(request.body())
                    .doesNotContain(secret)
                    .doesNotContain(base64(secret.getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void unwrapAsksKmsUnderTheOwnerItIsAskedFor_soAKeyCopiedToAnotherPersonIsRefused() {
        UserId bob = new UserId("bob-sub");
        KmsDataKeySource overTheFakeKms = new KmsDataKeySource(http.kmsClientWithoutRetries(), KEY_ARN);
        DataKey alices = overTheFakeKms.generate(OWNER);

        assertThatThrownBy(() -> overTheFakeKms.unwrap(alices.wrapped(), bob))
                .isInstanceOf(FieldDecryptionException.class)
                .hasMessageContaining("InvalidCiphertextException");
        assertThat(http.requests().getLast().json()).containsEntry("EncryptionContext",
                Map.of("app", "safehold", "purpose", "person-data-key", "owner", "bob-sub"));
    }

    @Test
    void toStringNamesTheKeyOnly() {
        assertThat(source).hasToString("KmsDataKeySource[" + KEY_ARN + "]");
    }

    private static void assertSignedKmsCall(RecordedRequest request, String target) {
        assertThat(request.method()).isEqualTo(SdkHttpMethod.POST);
        assertThat(request.uri()).isEqualTo(URI.create("http://kms.test/"));
        assertThat(request.target()).isEqualTo(target);
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(request.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-central-1/kms/aws4_request");
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return bytes;
    }
}
