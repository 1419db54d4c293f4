package com.safehold.infrastructure;

import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The HTTP API: exactly the catalog's routes (never the local platform's {@code /health} or
 * {@code /local/*}), each integrated with its function. {@code JWT} routes are guarded by a JWT authorizer
 * that accepts only access tokens of the Safehold user pool issued to its app client (SPEC 1); {@code PUBLIC} routes
 * (signup, login, MFA challenge) have no authorizer. The {@code $default} stage writes access logs and
 * throttles every route.
 */
final class ApiGateway extends Construct {

    /**
     * Stage-wide limits for all clients together: a flood is refused at the gateway (429) before it takes
     * the account's Lambda concurrency. Raise them from observed traffic.
     */
    private static final int RATE_LIMIT_PER_SECOND = 50;
    private static final int BURST_LIMIT = 100;

    /**
     * Only access tokens carry this scope. Without it the authorizer would also accept id tokens, whose
     * {@code aud} is the client id too (docs/decisions/0007-local-identity.md); the local authorizer
     * checks {@code token_use = access} for the same reason.
     */
    static final List<String> ACCESS_TOKEN_SCOPES = RouteDef.JWT_SCOPES;

    /** One JSON line per request; no headers or bodies, so no tokens or personal fields are logged. */
    private static final String ACCESS_LOG_FORMAT = """
            {"requestId":"$context.requestId","requestTime":"$context.requestTime",\
            "sourceIp":"$context.identity.sourceIp","routeKey":"$context.routeKey",\
            "status":"$context.status","protocol":"$context.protocol",\
            "responseLength":"$context.responseLength","latencyMs":"$context.responseLatency",\
            "integrationStatus":"$context.integrationStatus",\
            "integrationError":"$context.integrationErrorMessage",\
            "authorizerError":"$context.authorizer.error"}""";

    private final HttpStage stage;

    ApiGateway(Construct scope, String id, List<RouteDef> routes, LambdaFunctions functions, UserDirectory users) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        HttpApi api = HttpApi.Builder.create(this, "HttpApi")
                .description("Safehold API: the catalog's routes")
                // The default stage is created below, with access logging and throttling.
                .createDefaultStage(false)
                .build();
        stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(RATE_LIMIT_PER_SECOND)
                        .burstLimit(BURST_LIMIT)
                        .build())
                .accessLogSettings(new AccessLogs(new LogGroupLogDestination(accessLogs),
                        AccessLogFormat.custom(ACCESS_LOG_FORMAT)))
                .build());

        String issuer = "https://cognito-idp." + Stack.of(this).getRegion() + ".amazonaws.com/"
                + users.userPool().getUserPoolId();
        HttpJwtAuthorizer authorizer = HttpJwtAuthorizer.Builder.create("CognitoAuthorizer", issuer)
                .jwtAudience(List.of(users.appClient().getUserPoolClientId()))
                .build();

        Map<FunctionDef, HttpLambdaIntegration> integrations = new LinkedHashMap<>();
        for (RouteDef route : routes) {
            HttpLambdaIntegration integration = integrations.computeIfAbsent(route.function(),
                    // the alias, not the function: SnapStart restores only published versions
                    function -> new HttpLambdaIntegration(function.constructId() + "Integration",
                            functions.alias(function)));
            List<HttpRoute> created = api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .authorizer(authorizerFor(route, authorizer))
                    .authorizationScopes(route.auth() == RouteDef.Auth.JWT ? ACCESS_TOKEN_SCOPES : null)
                    .build());
            if (route.auth() == RouteDef.Auth.PUBLIC) {
                created.forEach(NagJustifications::publicRoute);
            }
        }
    }

    /** The stage URL, e.g. {@code https://abc123.execute-api.eu-central-1.amazonaws.com/}. */
    String url() {
        return stage.getUrl();
    }

    private static IHttpRouteAuthorizer authorizerFor(RouteDef route, HttpJwtAuthorizer authorizer) {
        return switch (route.auth()) {
            case JWT -> authorizer;
            case PUBLIC -> new HttpNoneAuthorizer();
        };
    }

    /**
     * Access log settings for the stage (the CDK offers only this interface, no builder). A plain class, not
     * a record: jsii would take a record's {@code format()} accessor for an override of a method.
     */
    private static final class AccessLogs implements IAccessLogSettings {

        private final IAccessLogDestination destination;
        private final AccessLogFormat logFormat;

        AccessLogs(IAccessLogDestination destination, AccessLogFormat logFormat) {
            this.destination = destination;
            this.logFormat = logFormat;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return destination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return logFormat;
        }
    }
}
