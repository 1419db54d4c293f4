package com.safehold.adapters;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SDK clients the way a Lambda cold start wants them: explicit region and credentials provider (no
 * provider-chain probing) and the light URLConnection HTTP client (no Apache or Netty in the jar).
 */
public final class AwsClients {

    /**
     * Set by Lambda for SnapStart functions instead of access keys in variables (keys in the environment would be
     * cloned into every environment restored from the snapshot): the runtime serves the role's credentials at
     * this URI, with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} (docs/decisions/0015-snapstart-and-priming.md).
     */
    public static final String CONTAINER_CREDENTIALS_VARIABLE = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private AwsClients() {}

    /**
     * Where clients connect and as whom.
     *
     * @param endpoint    override for local emulators, or {@code null} for AWS
     * @param httpClient  shared HTTP client
     * @param interceptors SDK execution interceptors; none in Lambda, the benchmark harness counts and times
     *                     requests with them
     */
    public record Settings(Region region, AwsCredentialsProvider credentials, URI endpoint, SdkHttpClient httpClient,
            List<ExecutionInterceptor> interceptors) {

        public Settings {
            interceptors = List.copyOf(interceptors);
        }

        public Settings(Region region, AwsCredentialsProvider credentials, URI endpoint, SdkHttpClient httpClient) {
            this(region, credentials, endpoint, httpClient, List.of());
        }

        public Settings withInterceptors(List<ExecutionInterceptor> added) {
            return new Settings(region, credentials, endpoint, httpClient, added);
        }
    }

    /** Lambda: region and credentials from the variables the runtime sets. */
    public static Settings fromEnvironment(Map<String, String> environment) {
        String region = environment.getOrDefault("AWS_REGION", "eu-central-1");
        return new Settings(Region.of(region), credentials(environment), null, httpClient());
    }

    /**
     * The one provider that fits where the function runs, never the default chain (which probes profile files
     * and instance metadata first): the container credentials endpoint when Lambda announces it (SnapStart),
     * else the access keys in variables. Either provider reads the process environment itself when it resolves;
     * {@code environment} only decides which one (in Lambda it is the process environment).
     */
    static AwsCredentialsProvider credentials(Map<String, String> environment) {
        String containerUri = environment.get(CONTAINER_CREDENTIALS_VARIABLE);
        if (containerUri != null && !containerUri.isBlank()) {
            // No background refresh thread: it would be frozen between invocations and copied into the snapshot.
            // The provider refreshes on the calling thread when its cached credentials near their expiry.
            return ContainerCredentialsProvider.builder().asyncCredentialUpdateEnabled(false).build();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    /** Local emulators on loopback: any region, dummy credentials. */
    public static Settings local(URI endpoint) {
        return new Settings(Region.EU_CENTRAL_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), endpoint, httpClient());
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static DynamoDbClient dynamoDb(Settings s) {
        return build(DynamoDbClient.builder(), s);
    }

    public static CognitoIdentityProviderClient cognito(Settings s) {
        return build(CognitoIdentityProviderClient.builder(), s);
    }

    public static SqsClient sqs(Settings s) {
        return build(SqsClient.builder(), s);
    }

    public static SnsClient sns(Settings s) {
        return build(SnsClient.builder(), s);
    }

    public static KmsClient kms(Settings s) {
        return build(KmsClient.builder(), s);
    }

    /**
     * Region, credentials, the shared HTTP client and, for emulators, the endpoint: the same for every client,
     * including those of optional SDK modules built elsewhere (the SMS & Voice client).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Settings s) {
        builder.region(s.region()).credentialsProvider(s.credentials()).httpClient(s.httpClient());
        if (s.endpoint() != null) {
            builder.endpointOverride(s.endpoint());
        }
        if (!s.interceptors().isEmpty()) {
            builder.overrideConfiguration(c -> s.interceptors().forEach(c::addExecutionInterceptor));
        }
        return builder.build();
    }
}
