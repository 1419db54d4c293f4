package com.safehold.infrastructure;

import com.safehold.domain.settings.PlatformSettings;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The Cognito user pool behind every account (SPEC 4.1) and its one app client.
 *
 * <p>Accounts are created and signed in only through Safehold's own API with admin calls, so the pool
 * allows no self sign-up and the client no public auth flow (no SRP, no USER_PASSWORD_AUTH, no hosted-UI
 * OAuth): the API's password history, lockout and per-role MFA rules cannot be bypassed by talking to
 * Cognito directly. The pool's own password policy is a floor under the configurable one.
 */
final class UserDirectory extends Construct {

    /** The roles of SPEC 3, one Cognito group each; handlers read them from {@code cognito:groups}. */
    static final List<String> ROLE_GROUPS = List.of("customer", "provider", "merchant", "admin", "support");

    /**
     * The settings' default {@code sessionTimeoutMinutes} (SPEC 4.2). Shorter timeouts (HIPAA mode: 15
     * minutes) are enforced by the API on every request, so they need no redeploy.
     */
    private static final Duration TOKEN_VALIDITY =
            Duration.minutes(PlatformSettings.DEFAULTS.sessionTimeoutMinutes());
    private static final Duration REFRESH_TOKEN_VALIDITY = Duration.days(30);

    /** The Cognito calls of {@code CognitoIdentityProvider}; nothing else. */
    static final List<String> ACCOUNT_ADMINISTRATION = List.of(
            "cognito-idp:AdminCreateUser",
            "cognito-idp:AdminSetUserPassword",
            "cognito-idp:AdminAddUserToGroup",
            "cognito-idp:AdminInitiateAuth",
            "cognito-idp:DescribeUserPoolClient");

    /** What the privacy function may do: read a user's e-mail for the export, delete the user on erasure. */
    static final List<String> ACCOUNT_DELETION = List.of(
            "cognito-idp:AdminGetUser",
            "cognito-idp:AdminDeleteUser");

    private final UserPool userPool;
    private final UserPoolClient appClient;

    UserDirectory(Construct scope, String id) {
        super(scope, id);
        userPool = UserPool.Builder.create(this, "UserPool")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .signInCaseSensitive(false)
                // OPTIONAL at the pool: the API demands TOTP per role and always in HIPAA mode (SPEC 4.2).
                .mfa(Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                // The floor under the configurable rules: never stricter than any valid setting, or Cognito
                // would refuse a password the settings allow. No Cognito history for the same reason
                // (historySize may be 0); the API checks the configured history itself.
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(com.safehold.domain.settings.PasswordPolicy.FLOOR_MIN_LENGTH)
                        .requireUppercase(false)
                        .requireLowercase(false)
                        .requireDigits(false)
                        .requireSymbols(false)
                        .tempPasswordValidity(Duration.days(3))
                        .build())
                // No self-service reset by e-mail or SMS: it would skip the API's lockout and MFA rules.
                .accountRecovery(AccountRecovery.NONE)
                // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan.
                .featurePlan(FeaturePlan.PLUS)
                .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagJustifications.userPool(userPool);
        for (String role : ROLE_GROUPS) {
            CfnUserPoolGroup.Builder.create(this, ConstructNames.pascal(role) + "Group")
                    .userPoolId(userPool.getUserPoolId())
                    .groupName(role)
                    .description("Safehold role " + role)
                    .build();
        }
        appClient = userPool.addClient("AppClient", UserPoolClientOptions.builder()
                .authFlows(AuthFlow.builder().adminUserPassword(true).build())
                .disableOAuth(true)
                // The secret keeps refresh tokens from working at Cognito's public endpoint: every refresh
                // passes the API's session checks. The auth function reads it with DescribeUserPoolClient.
                .generateSecret(true)
                .preventUserExistenceErrors(true)
                .accessTokenValidity(TOKEN_VALIDITY)
                .idTokenValidity(TOKEN_VALIDITY)
                .refreshTokenValidity(REFRESH_TOKEN_VALIDITY)
                .enableTokenRevocation(true)
                .build());
    }

    /** Lets a function that administers accounts call exactly the Cognito actions the auth function uses. */
    void grantAccountAdministration(IGrantable function) {
        grantOnPool(function, ACCOUNT_ADMINISTRATION);
    }

    void grantAccountDeletion(IGrantable function) {
        grantOnPool(function, ACCOUNT_DELETION);
    }

    private void grantOnPool(IGrantable function, List<String> actions) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(function)
                .actions(actions)
                .resourceArns(List.of(userPool.getUserPoolArn()))
                .build());
    }

    UserPool userPool() {
        return userPool;
    }

    UserPoolClient appClient() {
        return appClient;
    }
}
