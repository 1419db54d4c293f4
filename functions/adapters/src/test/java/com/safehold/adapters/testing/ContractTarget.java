package com.safehold.adapters.testing;

import com.safehold.adapters.crypto.KeyCacheLimits;
import com.safehold.adapters.crypto.LocalKeyringDataKeySource;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Clock;
import java.security.SecureRandom;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What an adapter contract test ({@link ContractTest}) runs against: SDK clients and the names of the resources
 * they reach. One per test JVM, chosen by the system property {@code safehold.contract.target}
 * (docs/decisions/0021-contract-test-profiles.md):
 * <ul>
 *   <li>{@code local} (the default): DynamoDB Local in process (the shared {@link DynamoDbLocalFixture}) only;
 *       nothing emulates SNS and KMS here, and ElasticMQ would slow the build;</li>
 *   <li>{@code localstack} ({@code -Plocalstack}): one LocalStack container, every resource created by the
 *       target;</li>
 *   <li>{@code aws} ({@code -Paws -Dsafehold.stack=<name>}): a deployed stack's tables, topic and keys.</li>
 * </ul>
 * Tests keep apart by fresh random ids in the shared catalog tables, and by resources of their own
 * ({@link #scratchTable}, {@link #newQueue}) where an id cannot separate them.
 */
public interface ContractTarget {

    /** The AWS services a contract test may need. */
    enum Service { DYNAMODB, SQS, SNS, KMS }

    /** For messages: which target this is, e.g. {@code stack SafeholdTest in eu-west-1}. */
    String description();

    /** Why this target cannot give {@code service}; empty if it can. */
    Optional<String> missing(Service service);

    DynamoDbClient dynamoDb();

    /** The physical name of a catalog table (the deployed one, on AWS). */
    String tableName(TableDef table);

    /**
     * A new, empty table of its own with {@code schema}'s keys and indexes, for a test that must own a whole
     * table (the settings item has one fixed key). Created once per {@code purpose} and run; removed when the
     * run ends, where the target outlives the test JVM.
     */
    String scratchTable(TableDef schema, String purpose);

    SqsClient sqs();

    /**
     * A new queue with {@code queue}'s attributes (FIFO, visibility timeout, dead-letter queue after
     * {@code maxReceiveCount}), as the CDK app creates them; never a deployed queue, whose consumer would take
     * the test's messages. Removed when the run ends.
     */
    String newQueue(QueueDef queue);

    SnsClient sns();

    /** The {@code events} topic's ARN. */
    String eventsTopicArn();

    KmsClient kms();

    /** The symmetric KMS key that wraps the per-person data keys ({@code SAFEHOLD_KMS_KEY_ID} in AWS). */
    String dataKeyId();

    /** The HMAC KMS key of blind indexes ({@code SAFEHOLD_HMAC_KEY_ID} in AWS). */
    String blindIndexKeyId();

    /**
     * A name for something a test creates itself (a queue to watch a topic through), unique to this run and
     * recognisable as a test's: at most 60 characters, letters, digits and hyphens.
     */
    String scratchName(String purpose);

    /**
     * Person keys for field encryption in the stores' tests: wrapped by a fresh local master key (the KMS
     * adapter has contract tests of its own) and kept in this target's {@code keys} table.
     */
    default PersonKeyring localKeyring() {
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        return new PersonKeyring(new LocalKeyringDataKeySource(masterKey),
                new DynamoDbPersonKeyVault(dynamoDb(), tableName(Tables.KEYS)), Clock.system(), KeyCacheLimits.DEFAULTS);
    }
}
