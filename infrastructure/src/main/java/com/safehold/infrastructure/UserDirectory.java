package com.safehold.infrastructure;

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

    /** SPEC 4.2 default {@code sessionTimeoutMinutes}; HIPAA mode shortens sessions further in the API. */
    private static final Duration TOKEN_VALIDITY = Duration.minutes(60);
    private static final Duration REFRESH_TOKEN_VALIDITY = Duration.days(30);

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
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireUppercase(true)
                        .requireLowercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
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
        NagJustifications.userPoolMfaOptional(userPool);
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
                .generateSecret(false)
                .preventUserExistenceErrors(true)
                .accessTokenValidity(TOKEN_VALIDITY)
                .idTokenValidity(TOKEN_VALIDITY)
                .refreshTokenValidity(REFRESH_TOKEN_VALIDITY)
                .enableTokenRevocation(true)
                .build());
    }

    UserPool userPool() {
        return userPool;
    }

    UserPoolClient appClient() {
        return appClient;
    }
}
