package com.safehold.adapters.testing;

import com.safehold.adapters.AwsClients;
import com.safehold.catalog.TableDef;
import java.net.URI;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The default target, what the build has always used: DynamoDB Local in this JVM (the {@link DynamoDbLocalFixture}
 * every other test shares, catalog tables under their logical names) and, for the SQS tests only, ElasticMQ on
 * loopback. Nothing emulates SNS or KMS here (notes/local-aws.md), so their contract tests are skipped; their
 * adapters are checked by the requests they send (SnsNotifierTest, KmsDataKeySourceTest).
 */
final class LocalTarget extends ScratchingTarget {

    private SqsClient sqs;

    @Override
    public String description() {
        return "the local emulators (DynamoDB Local, ElasticMQ)";
    }

    @Override
    public Optional<String> missing(Service service) {
        return switch (service) {
            case DYNAMODB, SQS -> Optional.empty();
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

    /** ElasticMQ starts with the first SQS test, so that the other tests never wait for it. */
    @Override
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            int port = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start()
                    .waitUntilStarted().localAddress().getPort();
            sqs = AwsClients.sqs(AwsClients.local(URI.create("http://127.0.0.1:" + port)));
        }
        return sqs;
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

    /** Both emulators live in this JVM and end with it. */
    @Override
    protected boolean removesScratchResources() {
        return false;
    }

    @Override
    protected void closeTarget() {
        // nothing outlives the JVM
    }
}
