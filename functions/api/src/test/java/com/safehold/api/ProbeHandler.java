package com.safehold.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.api.IdempotentRequests.Replay;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A handler for one function of the route table whose every route only counts its runs and answers 201
 * {@code {"run":n}}: for tests of what the base class does around every route, whatever the route does.
 */
final class ProbeHandler extends ApiHandler {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final TestDeployment deployment;

    ProbeHandler(FunctionDef function, TestDeployment deployment, Map<String, AtomicInteger> runs) {
        super(function, deployment);
        this.deployment = deployment;
        for (RouteDef def : Routes.ALL) {
            if (def.function().equals(function)) {
                route(def.routeKey(), request -> ApiResponse.json(201, Json.object()
                        .put("run", runs.computeIfAbsent(def.routeKey(), k -> new AtomicInteger()).incrementAndGet())));
            }
        }
        requireAllRoutesRegistered();
    }

    void register(String routeKey, Replay replay) {
        route(routeKey, replay, request -> ApiResponse.noContent());
    }

    /**
     * The event the gateway would send for {@code def}: every path parameter set to {@code pathId} (or, when
     * null, {@code p-<name>}), signed in as {@code sub} with a live grant on JWT routes.
     */
    APIGatewayV2HTTPEvent event(RouteDef def, String pathId, String sub, Map<String, String> headers, String body) {
        Map<String, String> pathParameters = new HashMap<>();
        Matcher m = PARAMETER.matcher(def.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = pathId == null ? "p-" + m.group(1) : pathId;
            pathParameters.put(m.group(1), value);
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        var context = APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(UUID.randomUUID().toString())
                .withRouteKey(def.routeKey());
        if (def.auth() == RouteDef.Auth.JWT) {
            Map<String, String> claims = new HashMap<>(Map.of("sub", sub, "jti", deployment.signIn(sub),
                    "cognito:groups", "[customer provider merchant admin]"));
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                    .build());
        }
        Map<String, String> allHeaders = new HashMap<>(Map.of("content-type", "application/json"));
        allHeaders.putAll(headers);
        return APIGatewayV2HTTPEvent.builder().withRouteKey(def.routeKey()).withRawPath(path.toString())
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters).withHeaders(allHeaders)
                .withBody(body).withRequestContext(context.build()).build();
    }
}
