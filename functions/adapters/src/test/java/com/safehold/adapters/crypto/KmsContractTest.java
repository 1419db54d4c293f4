package com.safehold.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.adapters.testing.ContractTarget;
import com.safehold.adapters.testing.ContractTarget.Service;
import com.safehold.adapters.testing.ContractTest;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The KMS adapters against a KMS: data keys under the owner's encryption context, and blind indexes with the
 * HMAC key. KmsDataKeySourceTest checks the requests; this checks that KMS answers them as the adapters expect.
 */
@ContractTest({Service.KMS, Service.DYNAMODB})
class KmsContractTest {

    private final ContractTarget target;
    private final KmsDataKeySource source;
    private final UserId owner = new UserId(UUID.randomUUID().toString());

    KmsContractTest(ContractTarget target) {
        this.target = target;
        this.source = new KmsDataKeySource(target.kms(), target.dataKeyId());
    }

    @Test
    void aGeneratedKey_unwrapsToItself_forItsOwner() {
        DataKey key = source.generate(owner);

        assertThat(key.plaintext()).hasSize(32);
        assertThat(key.wrapped()).isNotEmpty().isNotEqualTo(key.plaintext());
        assertThat(source.unwrap(key.wrapped(), owner)).isEqualTo(key.plaintext());
    }

    @Test
    void aWrappedKeyCopiedToAnotherPerson_isRefused_asAFieldDecryptionFailure() {
        DataKey key = source.generate(owner);

        assertThatThrownBy(() -> source.unwrap(key.wrapped(), new UserId(UUID.randomUUID().toString())))
                .isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void aTamperedWrappedKey_isRefused_asAFieldDecryptionFailure() {
        byte[] wrapped = source.generate(owner).wrapped();
        byte[] tampered = Arrays.copyOf(wrapped, wrapped.length);
        tampered[tampered.length - 1] ^= 0x01;

        assertThatThrownBy(() -> source.unwrap(tampered, owner)).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void fieldsEncryptedUnderAKmsKey_areReadByAnotherInstanceThatUnwrapsTheStoredKey() {
        DynamoDbPersonKeyVault vault = new DynamoDbPersonKeyVault(target.dynamoDb(), target.tableName(Tables.KEYS));
        FieldContext context = new FieldContext(owner, "accounts", owner.value(), "phone");

        byte[] field = new EnvelopeFieldCipher(source, vault, Clock.system()).encrypt("+4915112345678", context);
        String read = new EnvelopeFieldCipher(new KmsDataKeySource(target.kms(), target.dataKeyId()), vault,
                Clock.system()).decrypt(field, context);

        assertThat(read).isEqualTo("+4915112345678");
    }

    @Test
    void blindIndexes_areStable_andDifferByPurposeAndValue() {
        KmsBlindIndex index = new KmsBlindIndex(target.kms(), target.blindIndexKeyId(), Clock.system());

        String ann = index.of("login", "ann@example.com");

        assertThat(ann).matches("[0-9a-f]{64}");
        assertThat(index.of("login", "ann@example.com")).isEqualTo(ann);
        assertThat(index.of("login", "bob@example.com")).isNotEqualTo(ann);
        assertThat(index.of("signup", "ann@example.com")).isNotEqualTo(ann);
    }
}
