package com.safehold.local.cognito;

import com.safehold.domain.common.Role;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/**
 * Makes sure the local user pool looks like the deployed one: TOTP MFA allowed, e-mail as the username, one
 * group per {@link Role}, and the API's app client. Idempotent, so a kept data directory is reused as is.
 *
 * <p>cognito-local does not enforce the password policy or the client's explicit auth flows; the platform
 * enforces its own password rules, and the flows are set anyway so the local client reads like the deployed one.
 */
final class UserPoolSetup {

    static final String POOL_NAME = "safehold-local";
    static final String CLIENT_NAME = "safehold-api";

    /** Access and id tokens live 60 minutes, refresh tokens 30 days: the deployed client's validity. */
    static final int ACCESS_TOKEN_MINUTES = 60;
    static final int ID_TOKEN_MINUTES = 60;
    static final int REFRESH_TOKEN_DAYS = 30;

    record Pool(String userPoolId, String clientId) {}

    private UserPoolSetup() {}

    static Pool ensure(CognitoIdentityProviderClient cognito) {
        String poolId = ensurePool(cognito);
        ensureGroups(cognito, poolId);
        return new Pool(poolId, ensureClient(cognito, poolId));
    }

    private static String ensurePool(CognitoIdentityProviderClient cognito) {
        String poolId = cognito.listUserPools(r -> r.maxResults(60)).userPools().stream()
                .filter(pool -> POOL_NAME.equals(pool.name()))
                .map(UserPoolDescriptionType::id)
                .findFirst()
                .orElseGet(() -> cognito.createUserPool(r -> r
                                .poolName(POOL_NAME)
                                .usernameAttributes(UsernameAttributeType.EMAIL)
                                .mfaConfiguration(UserPoolMfaType.OPTIONAL))
                        .userPool().id());
        cognito.setUserPoolMfaConfig(r -> r
                .userPoolId(poolId)
                .mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));
        return poolId;
    }

    private static void ensureGroups(CognitoIdentityProviderClient cognito, String poolId) {
        Set<String> existing = cognito.listGroups(r -> r.userPoolId(poolId).limit(60)).groups().stream()
                .map(GroupType::groupName)
                .collect(Collectors.toSet());
        for (Role role : Role.values()) {
            if (!existing.contains(role.groupName())) {
                cognito.createGroup(r -> r.userPoolId(poolId).groupName(role.groupName())
                        .description("Safehold role " + role.groupName()));
            }
        }
    }

    private static String ensureClient(CognitoIdentityProviderClient cognito, String poolId) {
        return cognito.listUserPoolClients(r -> r.userPoolId(poolId).maxResults(60)).userPoolClients().stream()
                .filter(client -> CLIENT_NAME.equals(client.clientName()))
                .map(UserPoolClientDescription::clientId)
                .findFirst()
                .orElseGet(() -> cognito.createUserPoolClient(r -> r
                                .userPoolId(poolId)
                                .clientName(CLIENT_NAME)
                                .generateSecret(true) // like the deployed client: refresh only through our API
                                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                                .accessTokenValidity(ACCESS_TOKEN_MINUTES)
                                .idTokenValidity(ID_TOKEN_MINUTES)
                                .refreshTokenValidity(REFRESH_TOKEN_DAYS)
                                .tokenValidityUnits(u -> u
                                        .accessToken(TimeUnitsType.MINUTES)
                                        .idToken(TimeUnitsType.MINUTES)
                                        .refreshToken(TimeUnitsType.DAYS))
                                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED)
                                .enableTokenRevocation(true))
                        .userPoolClient().clientId());
    }
}
