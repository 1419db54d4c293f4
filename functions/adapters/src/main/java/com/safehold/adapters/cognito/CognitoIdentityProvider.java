package com.safehold.adapters.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.safehold.adapters.Memoized;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ContextDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.HttpHeader;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The identity provider on Cognito, with admin (server-side) calls only — the calls the auth function's IAM
 * policy allows: AdminCreateUser, AdminSetUserPassword, AdminAddUserToGroup, AdminInitiateAuth and, once at
 * init, DescribeUserPoolClient for the app client's secret. The secret never sits in an environment variable;
 * every auth call carries its {@code SECRET_HASH}, so refresh tokens are useless at Cognito's public endpoint
 * and every refresh passes Safehold's session checks.
 *
 * <p>Failed sign-ins are not told apart: unknown user, wrong password ({@code NotAuthorizedException} in AWS,
 * {@code InvalidPasswordException} in cognito-local), unconfirmed or reset-required all read as "no".
 */
public final class CognitoIdentityProvider implements IdentityProvider {

    /** cognito-local leaves {@code ExpiresIn} empty; the deployed client's access tokens last this long. */
    static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;
    private static final ObjectMapper JSON = com.safehold.adapters.JsonMapping.MAPPER;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final String clientId;
    private final Supplier<Optional<String>> clientSecret;

    public CognitoIdentityProvider(CognitoIdentityProviderClient cognito, String userPoolId, String clientId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.clientId = clientId;
        this.clientSecret = Memoized.of(() -> Optional.ofNullable(cognito.describeUserPoolClient(r -> r
                .userPoolId(userPoolId).clientId(clientId)).userPoolClient().clientSecret()));
    }

    @Override
    public UserId createUser(Email email, String password, Role role) {
        String sub;
        try {
            sub = cognito.adminCreateUser(r -> r.userPoolId(userPoolId)
                            .username(email.value())
                            .temporaryPassword(password)
                            .messageAction(MessageActionType.SUPPRESS)
                            .userAttributes(attribute("email", email.value()), attribute("email_verified", "true")))
                    .user().attributes().stream()
                    .filter(a -> a.name().equals("sub")).map(AttributeType::value).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Cognito returned a user without sub"));
        } catch (UsernameExistsException exists) {
            throw new EmailTakenException();
        }
        UserId userId = new UserId(sub);
        setPassword(userId, password);
        assignRole(userId, role);
        return userId;
    }

    @Override
    public void assignRole(UserId userId, Role role) {
        cognito.adminAddUserToGroup(r -> r.userPoolId(userPoolId).username(userId.value())
                .groupName(role.groupName()));
    }

    @Override
    public Optional<SignIn> signIn(Email email, String password, ClientContext client) {
        return passwordAuth(email.value(), password, client);
    }

    @Override
    public Optional<SignIn> verifyPassword(UserId userId, String password, ClientContext client) {
        return passwordAuth(userId.value(), password, client); // the sub is the Cognito user name
    }

    private Optional<SignIn> passwordAuth(String username, String password, ClientContext client) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("USERNAME", username);
        parameters.put("PASSWORD", password);
        secretHash(username).ifPresent(hash -> parameters.put("SECRET_HASH", hash));
        AdminInitiateAuthResponse response;
        try {
            response = cognito.adminInitiateAuth(r -> {
                r.userPoolId(userPoolId).clientId(clientId).authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                        .authParameters(parameters);
                contextData(client).ifPresent(r::contextData);
            });
        } catch (NotAuthorizedException | UserNotFoundException | InvalidPasswordException
                 | UserNotConfirmedException | PasswordResetRequiredException refused) {
            return Optional.empty();
        }
        if (response.authenticationResult() == null) {
            return Optional.empty(); // a challenge Safehold does not use (e.g. threat protection): no tokens
        }
        IssuedTokens tokens = tokens(response.authenticationResult(), null);
        JsonNode claims = claims(tokens.accessToken());
        Role role = null;
        for (JsonNode group : claims.path("cognito:groups")) {
            role = Role.fromGroup(group.asText()).orElse(role);
        }
        return Optional.of(new SignIn(new UserId(claims.path("sub").asText()), role, tokens));
    }

    @Override
    public Optional<IssuedTokens> refresh(UserId userId, String refreshToken) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("REFRESH_TOKEN", refreshToken);
        secretHash(userId.value()).ifPresent(hash -> parameters.put("SECRET_HASH", hash));
        try {
            AuthenticationResultType result = cognito.adminInitiateAuth(r -> r.userPoolId(userPoolId)
                    .clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(parameters))
                    .authenticationResult();
            return result == null ? Optional.empty() : Optional.of(tokens(result, refreshToken));
        } catch (NotAuthorizedException | UserNotFoundException revoked) {
            return Optional.empty();
        }
    }

    @Override
    public void setPassword(UserId userId, String password) {
        cognito.adminSetUserPassword(r -> r.userPoolId(userPoolId).username(userId.value())
                .password(password).permanent(true));
    }

    @Override
    public Optional<Email> email(UserId userId) {
        try {
            return cognito.adminGetUser(r -> r.userPoolId(userPoolId).username(userId.value())).userAttributes()
                    .stream().filter(a -> "email".equals(a.name())).findFirst().flatMap(a -> Email.parse(a.value()));
        } catch (UserNotFoundException gone) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteUser(UserId userId) {
        try {
            cognito.adminDeleteUser(r -> r.userPoolId(userPoolId).username(userId.value()));
        } catch (UserNotFoundException alreadyGone) {
            // a retried erasure: nothing left to delete
        }
    }

    private static IssuedTokens tokens(AuthenticationResultType result, String previousRefreshToken) {
        String refreshToken = result.refreshToken() != null ? result.refreshToken() : previousRefreshToken;
        long expiresIn = result.expiresIn() != null ? result.expiresIn() : DEFAULT_EXPIRES_IN_SECONDS;
        String jti = claims(result.accessToken()).path("jti").asText(null);
        if (jti == null) {
            throw new IllegalStateException("Cognito issued an access token without jti");
        }
        return new IssuedTokens(result.accessToken(), result.idToken(), refreshToken, jti, expiresIn);
    }

    /** The claims of a token Cognito just handed us over TLS; no signature check needed for our own reading. */
    private static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalStateException("Cognito returned a malformed token");
        }
        try {
            return JSON.readTree(BASE64URL.decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> secretHash(String username) {
        return clientSecret.get().map(secret -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update(username.getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** Context for Cognito's threat protection, only when the gateway told us where the request came from. */
    private static Optional<ContextDataType> contextData(ClientContext client) {
        if (client.sourceIp() == null) {
            return Optional.empty();
        }
        return Optional.of(ContextDataType.builder()
                .ipAddress(client.sourceIp())
                .serverName("safehold-api")
                .serverPath("/v1/auth/login")
                .httpHeaders(HttpHeader.builder().headerName("User-Agent")
                        .headerValue(client.userAgent() == null ? "" : client.userAgent()).build())
                .build());
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
