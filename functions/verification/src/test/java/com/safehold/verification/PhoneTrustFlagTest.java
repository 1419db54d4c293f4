package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.dynamodb.DynamoDbPolicyStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbVerificationStore;
import com.safehold.adapters.phone.LibPhoneNumbers;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.verification.Verification;
import com.safehold.domain.verification.VerificationService;
import com.safehold.domain.verification.VerificationStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.builder.SdkBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * SPEC 4.8: a verified phone becomes part of the customer's trust, exactly once in effect. The process dies
 * between marking the verification and setting the flag (the write to {@code users} never happens); the
 * customer's retry must still leave the flag set. Against DynamoDB Local, with the real stores; only the keyed
 * hash (KMS {@code GenerateMac}) is a stand-in.
 */
class PhoneTrustFlagTest {

    private final TestDeployment deployment = new TestDeployment();
    /** Fails the next write that touches the {@code users} table before it is sent, as a crash there would. */
    private final CrashingDynamoDb crash = new CrashingDynamoDb(deployment.dynamoDb());
    private final BlindIndex keyedHash = PhoneTrustFlagTest::sha256;
    private final DynamoDbVerificationStore store = new DynamoDbVerificationStore(crash.client(),
            Tables.VERIFICATIONS.name(), Tables.CALL_LIMITS.name(), Tables.USERS.name(), deployment.fieldCipher());
    private final VerificationService service = new VerificationService(
            new DynamoDbPolicyStore(deployment.dynamoDb(), Tables.SETTINGS.name()), store,
            new DynamoDbProfileDirectory(deployment.dynamoDb(), Tables.USERS.name()), new LibPhoneNumbers(), keyedHash,
            request -> {
                throw new AssertionError("confirming queues no call");
            }, deployment.ids(), deployment.clock());

    @Test
    void aCrashBeforeTheFlagIsWritten_leavesNothingHalfDone_andTheRetryVerifiesWithTheFlag() {
        UserId customer = customerWithAccount();
        String id = verification(customer, "4711");
        crash.failNextUsersWrite();

        assertThatThrownBy(() -> service.confirm(caller(customer), id, "4711")).isInstanceOf(SdkClientException.class);
        assertThat(crash.crashed()).as("the crash happened at the users write").isTrue();
        assertThat(store.find(id).orElseThrow().status()).as("not verified without the flag")
                .isEqualTo(Verification.Status.CALLING);
        assertThat(phoneVerified(customer)).isNull();

        assertThat(service.confirm(caller(customer), id, "4711").status()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(phoneVerified(customer)).isEqualTo(AttributeValue.fromBool(true));
    }

    /** Data left by the old two-write code (verified, flag lost): confirming again puts the flag back. */
    @Test
    void confirmingAVerificationThatIsVerifiedButLostItsFlag_setsTheFlagAgain() {
        UserId customer = customerWithAccount();
        String id = verification(customer, "4711");
        assertThat(service.confirm(caller(customer), id, "4711").status()).isEqualTo(Verification.Status.VERIFIED);
        deployment.dynamoDb().updateItem(r -> r.tableName(Tables.USERS.name())
                .key(Map.of("userId", AttributeValue.fromS(customer.value()))).updateExpression("REMOVE phoneVerified"));

        assertThat(service.confirm(caller(customer), id, "0000").status()).isEqualTo(Verification.Status.VERIFIED);
        assertThat(phoneVerified(customer)).isEqualTo(AttributeValue.fromBool(true));
    }

    @Test
    void theFlagNeverCreatesAnAccountItem() {
        UserId nobody = new UserId(UUID.randomUUID().toString());
        String id = verification(nobody, "4711");

        assertThat(store.markPhoneVerified(nobody)).isFalse();
        assertThat(store.markVerified(id, nobody)).isEqualTo(VerificationStore.Marked.NO_CUSTOMER);
        assertThatThrownBy(() -> service.confirm(caller(nobody), id, "4711")).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo("not_found");

        assertThat(usersItem(nobody)).as("no stub users item").isEmpty();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(Verification.Status.CALLING);
    }

    private UserId customerWithAccount() {
        UserId customer = new UserId(UUID.randomUUID().toString());
        deployment.dynamoDb().putItem(r -> r.tableName(Tables.USERS.name())
                .item(Map.of("userId", AttributeValue.fromS(customer.value()))));
        return customer;
    }

    private String verification(UserId customer, String code) {
        String id = "ver_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = deployment.clock().now();
        store.create(new Verification(id, customer, "+4915112345678", "phone-key",
                keyedHash.of("verification-code", id + ":" + code), Verification.Status.CALLING, 0, 5, now,
                now.plusSeconds(600), "de-DE", now), now.plus(Duration.ofDays(1)));
        return id;
    }

    private AttributeValue phoneVerified(UserId customer) {
        return usersItem(customer).get("phoneVerified");
    }

    private Map<String, AttributeValue> usersItem(UserId customer) {
        return deployment.dynamoDb().getItem(r -> r.tableName(Tables.USERS.name()).consistentRead(true)
                .key(Map.of("userId", AttributeValue.fromS(customer.value())))).item();
    }

    private static Caller caller(UserId customer) {
        return new Caller(customer, Set.of(Role.CUSTOMER));
    }

    private static String sha256(String purpose, String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((purpose + "\n" + value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A DynamoDB client that can fail the next write to {@code users} before it is sent; all else passes. */
    private static final class CrashingDynamoDb {
        private final DynamoDbClient real;
        private boolean armed;
        private boolean crashed;

        CrashingDynamoDb(DynamoDbClient real) {
            this.real = real;
        }

        void failNextUsersWrite() {
            armed = true;
        }

        boolean crashed() {
            return crashed;
        }

        @SuppressWarnings("unchecked")
        DynamoDbClient client() {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                        Object[] call = args == null ? null : args.clone();
                        if (call != null && call.length == 1 && call[0] instanceof Consumer<?> builder) {
                            // the consumer form: build the request, so the tables it writes can be seen
                            Class<?> type = Class.forName("software.amazon.awssdk.services.dynamodb.model."
                                    + Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1)
                                    + "Request");
                            Object requestBuilder = type.getMethod("builder").invoke(null);
                            ((Consumer<Object>) builder).accept(requestBuilder);
                            call[0] = ((SdkBuilder<?, ?>) requestBuilder).build();
                            method = DynamoDbClient.class.getMethod(method.getName(), type);
                        }
                        if (armed && call != null && touchesUsers(call[0])) {
                            armed = false;
                            crashed = true;
                            throw SdkClientException.create("the process died before this write was sent");
                        }
                        try {
                            return method.invoke(real, call);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private static boolean touchesUsers(Object request) {
            if (request instanceof UpdateItemRequest update) {
                return update.tableName().equals(Tables.USERS.name());
            }
            if (request instanceof TransactWriteItemsRequest transaction) {
                List<TransactWriteItem> items = transaction.transactItems();
                return items.stream().anyMatch(i -> i.update() != null && i.update().tableName().equals(Tables.USERS.name()));
            }
            return false;
        }
    }
}
