package com.safehold.adapters.testing;

import com.safehold.adapters.AwsClients;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One LocalStack container for the whole test JVM ({@code -Plocalstack}), started through Testcontainers: DynamoDB,
 * SQS, SNS and KMS behind one endpoint. The target creates what the deployed stack would have: every catalog
 * table under its logical name, the {@code events} topic, a symmetric key for the person keys and an HMAC key for
 * blind indexes. The container and everything in it go when the JVM ends.
 *
 * <p>The image is {@code safehold.localstack.image} (the root pom pins the last release that starts without an
 * auth token); {@code LOCALSTACK_AUTH_TOKEN}, if set, is passed on for newer images.
 */
public final class LocalStackTarget extends ScratchingTarget {

    static final String IMAGE_PROPERTY = "safehold.localstack.image";
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    private final LocalStackContainer container;
    private final String image;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final KmsClient kms;
    private final String eventsTopicArn;
    private final String dataKeyId;
    private final String blindIndexKeyId;

    private LocalStackTarget(LocalStackContainer container, String image) {
        this.container = container;
        this.image = image;
        AwsClients.Settings settings = new AwsClients.Settings(Region.of(container.getRegion()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(container.getAccessKey(),
                        container.getSecretKey())), container.getEndpoint(), AwsClients.httpClient());
        this.dynamoDb = AwsClients.dynamoDb(settings);
        this.sqs = AwsClients.sqs(settings);
        this.sns = AwsClients.sns(settings);
        this.kms = AwsClients.kms(settings);
        for (TableDef table : Tables.ALL) {
            TableProvisioner.create(dynamoDb, table, table.name());
        }
        this.eventsTopicArn = sns.createTopic(r -> r.name("events")).topicArn();
        this.dataKeyId = kms.createKey(r -> r.description("safehold contract tests: person data keys")
                .keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().arn();
        this.blindIndexKeyId = kms.createKey(r -> r.description("safehold contract tests: blind indexes")
                .keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().arn();
    }

    /** Skipped without a Docker engine; a container that will not start fails the contract tests. */
    public static Selection open() {
        String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
        if (image.isBlank()) {
            image = DEFAULT_IMAGE;
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Selection.unavailable("no Docker engine found, so LocalStack (" + image + ") cannot run. "
                    + "Testcontainers looked at DOCKER_HOST, docker.host in ~/.testcontainers.properties and the "
                    + "usual sockets (/var/run/docker.sock, rootless, Docker Desktop); start a Docker engine (or Podman "
                    + "with its Docker socket) to run these tests");
        }
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                        LocalStackContainer.Service.SNS, LocalStackContainer.Service.KMS);
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        try {
            return Selection.ready(new LocalStackTarget(container, image));
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public String description() {
        return "LocalStack (" + image + ") at " + container.getEndpoint();
    }

    @Override
    public Optional<String> missing(Service service) {
        return Optional.empty();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    @Override
    public String tableName(TableDef table) {
        return table.name();
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public SnsClient sns() {
        return sns;
    }

    @Override
    public String eventsTopicArn() {
        return eventsTopicArn;
    }

    @Override
    public KmsClient kms() {
        return kms;
    }

    @Override
    public String dataKeyId() {
        return dataKeyId;
    }

    @Override
    public String blindIndexKeyId() {
        return blindIndexKeyId;
    }

    @Override
    protected String scratchPrefix() {
        return "";
    }

    /** Everything goes with the container. */
    @Override
    protected boolean removesScratchResources() {
        return false;
    }

    @Override
    protected void closeTarget() {
        container.stop();
    }
}
