package com.safehold.local.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.domain.common.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/** Runs the real cognito-local (npm) and checks what the platform relies on. */
class CognitoLocalTest {

    private static CognitoLocal cognito;
    private static LocalAccounts accounts;

    @BeforeAll
    static void start() {
        cognito = CognitoLocal.start();
        accounts = new LocalAccounts(cognito);
    }

    @AfterAll
    static void stop() {
        if (cognito != null) {
            cognito.close();
        }
    }

    private static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void listensOnLoopbackAndIsHealthy() {
        assertThat(cognito.endpoint().toString()).isEqualTo("http://127.0.0.1:" + cognito.port());
        assertThat(cognito.isHealthy()).isTrue();
        assertThat(cognito.jwksUri().toString())
                .isEqualTo(cognito.endpoint() + "/" + cognito.userPoolId() + "/.well-known/jwks.json");
    }

    @Test
    void writesItsOutputToALogFileInTheDataDirectory() throws IOException {
        assertThat(cognito.logFile()).startsWith(cognito.dataDir());
        assertThat(Files.readString(cognito.logFile()))
                .contains("Cognito Local running on http://127.0.0.1:" + cognito.port());
    }

    @Test
    void createsThePoolWithTotpAllowedTheRoleGroupsAndTheAppClient() {
        var client = cognito.client();
        var pool = client.describeUserPool(r -> r.userPoolId(cognito.userPoolId())).userPool();
        assertThat(pool.name()).isEqualTo("safehold-local");
        assertThat(pool.mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
        assertThat(client.getUserPoolMfaConfig(r -> r.userPoolId(cognito.userPoolId()))
                .softwareTokenMfaConfiguration().enabled()).isTrue();

        assertThat(client.listGroups(r -> r.userPoolId(cognito.userPoolId())).groups())
                .extracting(GroupType::groupName)
                .containsExactlyInAnyOrder(Arrays.stream(Role.values()).map(Role::groupName).toArray(String[]::new));

        var appClient = client.describeUserPoolClient(r -> r.userPoolId(cognito.userPoolId())
                .clientId(cognito.clientId())).userPoolClient();
        assertThat(appClient.explicitAuthFlows()).containsExactlyInAnyOrder(
                ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
        assertThat(appClient.clientSecret()).as("a secret, like the deployed client: refresh only through the API")
                .isNotBlank();
    }

    @Test
    void createdUsersLogInAndTheirTokensCarrySubGroupsAndTheIssuer() {
        String email = newEmail();
        String sub = accounts.createUser(email, "Corr3ct-horse!", Role.MERCHANT);

        Tokens tokens = accounts.login(email, "Corr3ct-horse!");

        assertThat(tokens.refreshToken()).isNotBlank();
        Map<String, Object> access = TestTokens.payloadOf(tokens.accessToken());
        assertThat(access.get("iss")).isEqualTo(cognito.issuer())
                .isEqualTo("http://127.0.0.1:" + cognito.port() + "/" + cognito.userPoolId());
        assertThat(access.get("sub")).isEqualTo(sub);
        assertThat(access.get("token_use")).isEqualTo("access");
        assertThat(access.get("client_id")).isEqualTo(cognito.clientId());
        assertThat(access.get("cognito:groups")).isEqualTo(List.of("merchant"));
        // E-mail is the username attribute, so the username is the sub, as in AWS: no e-mail in access tokens.
        assertThat(access.get("username")).isEqualTo(sub);
        assertThat(tokens.accessToken()).doesNotContain(email);
        // cognito-local honours the client's 60-minute access-token validity.
        assertThat((Long) access.get("exp") - (Long) access.get("iat")).isEqualTo(3600L);

        Map<String, Object> id = TestTokens.payloadOf(tokens.idToken());
        assertThat(id.get("token_use")).isEqualTo("id");
        assertThat(id.get("aud")).isEqualTo(cognito.clientId());
        assertThat(id.get("email")).isEqualTo(email);
        assertThat(tokens.toString()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.idToken());
    }

    @Test
    void refreshTokensGiveNewAccessTokens() {
        String email = newEmail();
        accounts.createUser(email, "Corr3ct-horse!", Role.CUSTOMER);
        Tokens tokens = accounts.login(email, "Corr3ct-horse!");

        var refreshed = cognito.client().adminInitiateAuth(r -> r.userPoolId(cognito.userPoolId())
                .clientId(cognito.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken()))).authenticationResult();

        assertThat(refreshed.accessToken()).isNotEqualTo(tokens.accessToken());
        assertThat(TestTokens.payloadOf(refreshed.accessToken()).get("token_use")).isEqualTo("access");
    }

    @Test
    void wrongPasswordsAreRefusedWithoutNamingTheEmail() {
        String email = newEmail();
        accounts.createUser(email, "Corr3ct-horse!", Role.CUSTOMER);

        assertThatThrownBy(() -> accounts.login(email, "wrong"))
                .isInstanceOf(CognitoIdentityProviderException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(email));
    }

    @Test
    void anEmailCanOnlyBeRegisteredOnce() {
        String email = newEmail();
        accounts.createUser(email, "Corr3ct-horse!", Role.CUSTOMER);

        assertThatThrownBy(() -> accounts.createUser(email, "Other-pass1!", Role.PROVIDER))
                .isInstanceOf(UsernameExistsException.class);
    }

    @Test
    void closeStopsTheProcessAndRemovesItsTemporaryDirectory() {
        CognitoLocal second = CognitoLocal.start();
        int port = second.port();
        Path dataDir = second.dataDir();
        ProcessHandle process = second.processHandle();
        assertThat(process.isAlive()).isTrue();
        assertThat(CognitoLocal.answers(port, Duration.ofSeconds(1))).isTrue();

        second.close();

        assertThat(CognitoLocal.answers(port, Duration.ofSeconds(1))).isFalse();
        assertThat(second.isHealthy()).isFalse();
        assertThat(dataDir).doesNotExist();
        assertThat(process.isAlive()).isFalse();
        second.close(); // idempotent
    }

    @Test
    void aKeptDataDirectoryKeepsThePoolTheClientAndTheUsers(@TempDir Path dir) {
        String email = newEmail();
        String poolId;
        String clientId;
        try (CognitoLocal first = CognitoLocal.builder().dataDir(dir).start()) {
            poolId = first.userPoolId();
            clientId = first.clientId();
            new LocalAccounts(first).createUser(email, "Corr3ct-horse!", Role.PROVIDER);
        }
        assertThat(dir).isDirectory();

        try (CognitoLocal again = CognitoLocal.builder().dataDir(dir).start()) {
            assertThat(again.userPoolId()).isEqualTo(poolId);
            assertThat(again.clientId()).isEqualTo(clientId);
            assertThat(new LocalAccounts(again).login(email, "Corr3ct-horse!").accessToken()).isNotBlank();
            assertThat(again.client().listUserPools(r -> r.maxResults(60)).userPools()).hasSize(1);
        }
    }

    @Test
    void aPortInUseFailsClearlyWithTheProcessOutput() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> CognitoLocal.builder().port(taken.getLocalPort())
                    .startTimeout(Duration.ofSeconds(10)).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cognito-local exited")
                    .hasMessageContaining("EADDRINUSE");
        }
    }

    @Test
    void aMissingInstallationFailsClearly(@TempDir Path empty) {
        assertThatThrownBy(() -> CognitoLocal.builder().installDir(empty).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cognito-local is not installed");
    }
}
