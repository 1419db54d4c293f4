package com.safehold.adapters.testing;

import com.safehold.catalog.TableDef;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The default target, what the build has always used: DynamoDB Local in this JVM (the {@link DynamoDbLocalFixture}
 * every other test shares, catalog tables under their logical names). Nothing emulates SNS or KMS here
 * (notes/local-aws.md); their adapters are checked by the requests they send (SnsNotifierTest,
 * KmsDataKeySourceTest). ElasticMQ would do for SQS, but starting it costs about 4 CPU-seconds, a fifth of this
 * module's tests, and the escrow tests already run the relay against it; so the SQS contract tests, like the SNS
 * and KMS ones, are skipped here and run under {@code -Plocalstack} and {@code -Paws}.
 */
final class LocalTarget extends ScratchingTarget {

    @Override
    public String description() {
        return "the local emulator (DynamoDB Local in process)";
    }

    @Override
    public Optional<String> missing(Service service) {
        return switch (service) {
            case DYNAMODB -> Optional.empty();
            case SQS -> Optional.of("the default build does not start ElasticMQ (about 4 CPU-seconds); the escrow "
                    + "tests run the relay against it, and -Plocalstack or -Paws runs this test");
            case SNS, KMS -> Optional.of("no " + service + " emulator runs locally (notes/local-aws.md); "
                    + "its adapter is checked by the requests it sends, and -Plocalstack or -Paws runs this test");
        };
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return DynamoDbLocalFixture.client();
    }

    @Override
    public String tableName(TableDef table) {
        return table.name();
    }

    @Override
    public SqsClient sqs() {
        throw new IllegalStateException(missing(Service.SQS).orElseThrow());
    }

    @Override
    public SnsClient sns() {
        throw new IllegalStateException(missing(Service.SNS).orElseThrow());
    }

    @Override
    public String eventsTopicArn() {
        throw new IllegalStateException(missing(Service.SNS).orElseThrow());
    }

    @Override
    public KmsClient kms() {
        throw new IllegalStateException(missing(Service.KMS).orElseThrow());
    }

    @Override
    public String dataKeyId() {
        throw new IllegalStateException(missing(Service.KMS).orElseThrow());
    }

    @Override
    public String blindIndexKeyId() {
        throw new IllegalStateException(missing(Service.KMS).orElseThrow());
    }

    @Override
    protected String scratchPrefix() {
        return "";
    }

    /** DynamoDB Local lives in this JVM and ends with it. */
    @Override
    protected boolean removesScratchResources() {
        return false;
    }

    @Override
    protected void closeTarget() {
        // nothing outlives the JVM
    }
}
