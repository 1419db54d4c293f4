package com.safehold.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Which credentials provider a Lambda function's clients get, from the environment passed in (never the real
 * one). Nothing here resolves credentials: only the choice is checked.
 */
class AwsClientsTest {

    /** What Lambda sets for a SnapStart function: no access keys, the container endpoint and its token. */
    private static final Map<String, String> SNAPSTART = Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token");

    /** What Lambda sets without SnapStart: the role's session keys in variables. */
    private static final Map<String, String> ACCESS_KEYS = Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "AKIA",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_SESSION_TOKEN", "session");

    @Test
    void underSnapStart_theClientsAskTheContainerCredentialsEndpoint() {
        AwsClients.Settings settings = AwsClients.fromEnvironment(SNAPSTART);
        assertThat(settings.credentials()).isInstanceOf(ContainerCredentialsProvider.class);
        assertThat(settings.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(settings.endpoint()).isNull();
    }

    @Test
    void withoutSnapStart_theClientsReadTheAccessKeyVariables() {
        assertThat(AwsClients.fromEnvironment(ACCESS_KEYS).credentials())
                .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }

    @Test
    void theContainerEndpointWins_whenBothAreSet() {
        Map<String, String> both = new java.util.HashMap<>(ACCESS_KEYS);
        both.putAll(SNAPSTART);
        assertThat(AwsClients.credentials(both)).isInstanceOf(ContainerCredentialsProvider.class);
    }

    @Test
    void aBlankContainerUri_countsAsUnset() {
        Map<String, String> blank = new java.util.HashMap<>(ACCESS_KEYS);
        blank.put(AwsClients.CONTAINER_CREDENTIALS_VARIABLE, " ");
        assertThat(AwsClients.credentials(blank)).isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }
}
