package com.safehold.local.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.cognito.CognitoIdentityProvider;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.accounts.IdentityProvider.ClientContext;
import com.safehold.domain.accounts.IdentityProvider.EmailTakenException;
import com.safehold.domain.accounts.IdentityProvider.SignIn;
import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminSetUserPasswordRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * The Cognito adapter against cognito-local, with every request it sends recorded: it uses only the calls the
 * auth function's IAM policy allows, and signs every auth call with the app client's secret hash.
 */
class CognitoIdentityProviderTest {

    /** The deployed grant (infrastructure's UserDirectory.ACCOUNT_ADMINISTRATION), without the service prefix. */
    private static final Set<String> ALLOWED_OPERATIONS = Set.of("AdminCreateUser", "AdminSetUserPassword",
            "AdminAddUserToGroup", "AdminInitiateAuth", "DescribeUserPoolClient");
    private static final String PASSWORD = "Correct-Horse-9!";

    private static CognitoLocal cognito;
    private static CognitoIdentityProviderClient recordingClient;
    private static final List<SdkRequest> sent = new CopyOnWriteArrayList<>();
    private static final List<String> operations = new CopyOnWriteArrayList<>();
    private static CognitoIdentityProvider provider;

    @BeforeAll
    static void start() {
        cognito = CognitoLocal.start();
        recordingClient = CognitoIdentityProviderClient.builder()
                .endpointOverride(cognito.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(cognito.issuedTokens())
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                                sent.add(context.request());
                                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                            }
                        }))
                .build();
        provider = new CognitoIdentityProvider(recordingClient, cognito.userPoolId(), cognito.clientId());
    }

    @AfterAll
    static void stop() {
        if (recordingClient != null) {
            recordingClient.close();
        }
        if (cognito != null) {
            cognito.close();
        }
    }

    private static Email newEmail() {
        return Email.parse("idp-" + UUID.randomUUID() + "@example.test").orElseThrow();
    }

    private static <T> T last(Class<T> type) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (type.isInstance(sent.get(i))) {
                return type.cast(sent.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " was sent");
    }

    private static String secretHash(String username) throws Exception {
        String secret = cognito.client().describeUserPoolClient(r -> r.userPoolId(cognito.userPoolId())
                .clientId(cognito.clientId())).userPoolClient().clientSecret();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(username.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(cognito.clientId().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createUser_makesAPermanentUserInTheRolesGroup_withoutSendingAnyMessage() {
        Email email = newEmail();
        UserId userId = provider.createUser(email, PASSWORD, Role.MERCHANT);

        AdminCreateUserRequest create = last(AdminCreateUserRequest.class);
        assertThat(create.username()).isEqualTo(email.value());
        assertThat(create.messageAction()).isEqualTo(MessageActionType.SUPPRESS);
        assertThat(create.userAttributes()).extracting(AttributeType::name, AttributeType::value)
                .contains(org.assertj.core.groups.Tuple.tuple("email_verified", "true"));
        AdminSetUserPasswordRequest set = last(AdminSetUserPasswordRequest.class);
        assertThat(set.username()).isEqualTo(userId.value());
        assertThat(set.permanent()).isTrue();

        SignIn signIn = provider.signIn(email, PASSWORD, ClientContext.UNKNOWN).orElseThrow();
        assertThat(signIn.userId()).isEqualTo(userId);
        assertThat(signIn.role()).isEqualTo(Role.MERCHANT);
        assertThatThrownBy(() -> provider.createUser(email, "Another-Pass-1!", Role.CUSTOMER))
                .isInstanceOf(EmailTakenException.class);
    }

    @Test
    void signIn_usesTheServerSideFlowWithTheSecretHash_andTellsNoFailureApart() throws Exception {
        Email email = newEmail();
        provider.createUser(email, PASSWORD, Role.CUSTOMER);

        SignIn signIn = provider.signIn(email, PASSWORD, new ClientContext("203.0.113.10", "curl/8")).orElseThrow();
        AdminInitiateAuthRequest auth = last(AdminInitiateAuthRequest.class);
        assertThat(auth.authFlow()).isEqualTo(AuthFlowType.ADMIN_USER_PASSWORD_AUTH);
        assertThat(auth.authParameters()).containsEntry("USERNAME", email.value())
                .containsEntry("SECRET_HASH", secretHash(email.value()));
        assertThat(auth.contextData().ipAddress()).isEqualTo("203.0.113.10");
        IssuedTokens tokens = signIn.tokens();
        assertThat(tokens.accessTokenId()).isNotBlank();
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(tokens.expiresInSeconds()).isEqualTo(3600);

        assertThat(provider.signIn(email, "Wrong-Password-1!", ClientContext.UNKNOWN)).isEmpty();
        assertThat(provider.signIn(newEmail(), PASSWORD, ClientContext.UNKNOWN)).isEmpty();
        assertThat(provider.verifyPassword(signIn.userId(), PASSWORD, ClientContext.UNKNOWN)).isPresent();
        assertThat(provider.verifyPassword(signIn.userId(), "Wrong-Password-1!", ClientContext.UNKNOWN)).isEmpty();
    }

    @Test
    void refresh_keepsTheRefreshToken_andSignsWithTheSubsSecretHash() throws Exception {
        Email email = newEmail();
        UserId userId = provider.createUser(email, PASSWORD, Role.PROVIDER);
        IssuedTokens first = provider.signIn(email, PASSWORD, ClientContext.UNKNOWN).orElseThrow().tokens();

        IssuedTokens refreshed = provider.refresh(userId, first.refreshToken()).orElseThrow();
        assertThat(refreshed.refreshToken()).isEqualTo(first.refreshToken());
        assertThat(refreshed.accessTokenId()).isNotEqualTo(first.accessTokenId());
        AdminInitiateAuthRequest auth = last(AdminInitiateAuthRequest.class);
        assertThat(auth.authFlow()).isEqualTo(AuthFlowType.REFRESH_TOKEN_AUTH);
        assertThat(auth.authParameters()).containsEntry("SECRET_HASH", secretHash(userId.value()));
        assertThat(provider.refresh(userId, "not-a-refresh-token")).isEmpty();
    }

    @Test
    void everyCallTheAdapterMakes_isOneTheDeployedPolicyAllows() {
        Email email = newEmail();
        UserId userId = provider.createUser(email, PASSWORD, Role.CUSTOMER);
        provider.signIn(email, PASSWORD, ClientContext.UNKNOWN);
        provider.setPassword(userId, "Another-Pass-1!");
        provider.assignRole(userId, Role.CUSTOMER);
        assertThat(Set.copyOf(operations)).isSubsetOf(ALLOWED_OPERATIONS).contains("DescribeUserPoolClient");
        assertThat(operations.stream().filter("DescribeUserPoolClient"::equals).count())
                .as("the client secret is read once, at first use").isEqualTo(1);
    }
}
