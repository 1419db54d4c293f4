package com.safehold.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.api.ApiHandler;
import com.safehold.api.Json;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Drives one function's real handler, against DynamoDB Local, with an HTTP API event whose route, body,
 * headers, path and query parameters and caller groups come from the fuzzer, and checks SPEC 3: whatever the
 * request, the answer is never a 5xx, and every 4xx is an {@code application/problem+json} with the response's
 * {@code status} and a {@code code}.
 *
 * <p>The caller is signed in (a live session), so JWT routes run past the session guard; the groups claim is
 * fuzzed, so every role, none and nonsense are tried.
 */
public final class HandlerFuzzer {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final List<String> QUERY_PARAMETERS = List.of("before", "cursor", "basketCents");

    private final FunctionDef function;
    private final List<RouteDef> routes;
    private final ApiHandler handler;
    private final FuzzDeployment deployment = new FuzzDeployment();
    private final String sub = UUID.randomUUID().toString();
    private final String jti;

    public HandlerFuzzer(FunctionDef function, Function<FuzzDeployment, ApiHandler> handler) {
        this.function = function;
        this.routes = routesOf(function);
        this.handler = quietly(() -> handler.apply(deployment));
        this.jti = deployment.signIn(sub);
    }

    private static List<RouteDef> routesOf(FunctionDef function) {
        return Routes.ALL.stream().filter(r -> r.function().equals(function)).toList();
    }

    /**
     * One request.
     *
     * @param route          index into the function's routes (any int: taken modulo their number)
     * @param body           the raw body; null for none
     * @param idempotencyKey the {@code Idempotency-Key} header; null for none
     * @param pathParameter  the value of every path parameter of the route
     * @param groups         the {@code cognito:groups} claim as the gateway renders it; null for none
     * @param authorization  the {@code Authorization} header (verified by the auth function on public routes)
     * @param ifMatch        the {@code If-Match} header
     * @param query          the value of every query parameter a handler reads
     */
    public void request(int route, String body, String idempotencyKey, String pathParameter, String groups,
            String authorization, String ifMatch, String query) {
        RouteDef def = routes.get(Math.floorMod(route, routes.size()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        putIfPresent(headers, "idempotency-key", idempotencyKey);
        putIfPresent(headers, "authorization", authorization);
        putIfPresent(headers, "if-match", ifMatch);
        Map<String, String> pathParameters = new LinkedHashMap<>();
        Matcher m = PATH_PARAMETER.matcher(def.path());
        while (m.find()) {
            pathParameters.put(m.group(1), pathParameter);
        }
        Map<String, String> queryParameters = null;
        if (query != null) {
            queryParameters = new LinkedHashMap<>();
            for (String name : QUERY_PARAMETERS) {
                queryParameters.put(name, query);
            }
        }
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(def.routeKey()).withRequestId("fuzz")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(def.method())
                        .withPath(def.path()).withSourceIp("203.0.113.10").withUserAgent("jazzer").build());
        if (def.auth() == RouteDef.Auth.JWT) {
            Map<String, String> claims = new HashMap<>(Map.of("sub", sub, "jti", jti));
            putIfPresent(claims, "cognito:groups", groups);
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                    .build());
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(def.routeKey())
                .withRawPath(def.path()).withHeaders(headers)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withQueryStringParameters(queryParameters)
                .withRequestContext(context.build()).withBody(body).withIsBase64Encoded(false).build();

        APIGatewayV2HTTPResponse response = quietly(() -> handler.handleRequest(event, null));
        check(def, response);
    }

    private static void check(RouteDef route, APIGatewayV2HTTPResponse response) {
        int status = response.getStatusCode();
        if (status >= 500 || status < 200) {
            throw new AssertionError(route.routeKey() + " answered " + status + ": " + response.getBody());
        }
        if (status >= 400) {
            if (!"application/problem+json".equals(response.getHeaders().get("content-type"))) {
                throw new AssertionError(route.routeKey() + " answered " + status + " without a problem: "
                        + response.getHeaders());
            }
            JsonNode problem;
            try {
                problem = Json.MAPPER.readTree(response.getBody());
            } catch (Exception e) {
                throw new AssertionError(route.routeKey() + " answered a problem that is not JSON", e);
            }
            if (!problem.path("code").isTextual() || problem.path("code").asText().isBlank()
                    || problem.path("status").asInt() != status) {
                throw new AssertionError(route.routeKey() + " answered a problem without code or status: " + problem);
            }
        }
    }

    /**
     * The function's sample events from {@code events/}, as arguments of {@link #request}: these seed the
     * corpus in fuzzing mode and run as plain cases in regression mode.
     */
    public static Stream<Arguments> seeds(FunctionDef function) {
        List<RouteDef> routes = routesOf(function);
        List<String> keys = routes.stream().map(RouteDef::routeKey).toList();
        List<Arguments> seeds = new ArrayList<>();
        for (JsonNode event : SampleEvents.http()) {
            int route = keys.indexOf(event.get("routeKey").asText());
            if (route < 0) {
                continue;
            }
            JsonNode headers = event.path("headers");
            JsonNode path = event.path("pathParameters");
            JsonNode query = event.path("queryStringParameters");
            String body = text(event.get("body"));
            String queryValue = query.isObject() && query.size() > 0 ? query.elements().next().asText() : null;
            for (String variant : variants(body)) {
                seeds.add(Arguments.of(route, variant, text(headers.get("idempotency-key")),
                        path.isObject() && path.size() > 0 ? path.elements().next().asText() : "none",
                        text(event.at("/requestContext/authorizer/jwt/claims/cognito:groups")),
                        text(headers.get("authorization")), text(headers.get("if-match")),
                        java.util.Objects.equals(variant, body) ? queryValue : EXTREME_DATE));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalStateException("no sample event in events/ for function " + function.name());
        }
        return seeds.stream();
    }

    private static final String EXTREME_DATE = "+999999999-12-31";

    /**
     * The sample body, and the same body at the edges a mutation rarely reaches from it: every time at the end
     * and at the start of what {@code Instant} can hold, every whole number at the limits of a {@code long}.
     */
    private static List<String> variants(String body) {
        if (body == null) {
            return java.util.Collections.singletonList(null);
        }
        String times = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
        return List.copyOf(new java.util.LinkedHashSet<>(List.of(body,
                body.replaceAll(times, "+1000000000-12-31T23:59:59.999999999Z"),
                body.replaceAll(times, "-1000000000-01-01T00:00:00Z"),
                body.replaceAll(":(\\d+)([,}])", ":9223372036854775807$2"),
                body.replaceAll(":(\\d+)([,}])", ":-9223372036854775808$2"))));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static void putIfPresent(Map<String, String> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /** Runs {@code step} with stdout discarded: the handlers log one JSON line per request there. */
    private static <T> T quietly(java.util.function.Supplier<T> step) {
        PrintStream original = System.out;
        System.setOut(QUIET);
        try {
            return step.get();
        } finally {
            System.setOut(original);
        }
    }

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Override
    public String toString() {
        return "HandlerFuzzer[" + function.name() + "]";
    }
}
