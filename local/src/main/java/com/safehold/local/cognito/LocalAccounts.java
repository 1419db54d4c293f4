package com.safehold.local.cognito;

import com.safehold.domain.common.Role;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * Creates confirmed accounts and logs them in directly against the local user pool: what tests and the seeded
 * admin need, without going through the sign-up API (so no password rules, lockout or MFA apply here).
 *
 * <p>E-mail addresses are personal data: nothing here logs them or puts them into exception messages.
 */
public final class LocalAccounts {

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final String clientId;

    public LocalAccounts(CognitoIdentityProviderClient cognito, String userPoolId, String clientId) {
        this.cognito = Objects.requireNonNull(cognito);
        this.userPoolId = Objects.requireNonNull(userPoolId);
        this.clientId = Objects.requireNonNull(clientId);
    }

    public LocalAccounts(CognitoLocal cognitoLocal) {
        this(cognitoLocal.client(), cognitoLocal.userPoolId(), cognitoLocal.clientId());
    }

    /**
     * Creates a confirmed user with a verified e-mail, a permanent password and one role group; no welcome
     * message is sent.
     *
     * @return the user's {@code sub}, the id every token and claim carries
     */
    public String createUser(String email, String password, Role role) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(role, "role");
        AdminCreateUserResponse created = cognito.adminCreateUser(r -> r
                .userPoolId(userPoolId)
                .username(email)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attribute("email", email), attribute("email_verified", "true")));
        String sub = created.user().attributes().stream()
                .filter(a -> "sub".equals(a.name()))
                .map(AttributeType::value)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the created user has no sub"));
        // The pool uses e-mail as the username attribute, so the stored username is the sub: use it from here on.
        String username = created.user().username();
        cognito.adminSetUserPassword(r -> r.userPoolId(userPoolId).username(username).password(password).permanent(true));
        cognito.adminAddUserToGroup(r -> r.userPoolId(userPoolId).username(username).groupName(role.groupName()));
        return sub;
    }

    /**
     * Logs in with ADMIN_USER_PASSWORD_AUTH, the flow the deployed app client allows.
     *
     * @throws software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException
     *         for wrong credentials (cognito-local answers {@code InvalidPasswordException} where AWS answers
     *         {@code NotAuthorizedException})
     * @throws IllegalStateException when Cognito asks for a challenge instead (not done by cognito-local)
     */
    public Tokens login(String email, String password) {
        var response = cognito.adminInitiateAuth(r -> r
                .userPoolId(userPoolId)
                .clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password)));
        AuthenticationResultType result = response.authenticationResult();
        if (result == null) {
            throw new IllegalStateException("login answered with challenge " + response.challengeNameAsString()
                    + ", which LocalAccounts does not handle");
        }
        return new Tokens(result.accessToken(), result.idToken(), result.refreshToken());
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
