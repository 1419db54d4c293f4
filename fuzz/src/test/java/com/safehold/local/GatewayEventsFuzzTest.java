package com.safehold.local;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.fuzz.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the local gateway does with a request before a handler sees it: matching the method and raw path against
 * the route table ({@link RouteMatcher}) and building the HTTP API event from the raw query, headers and body
 * ({@link ApiGatewayEvents}). Neither may throw: the gateway would answer 500 for a request API Gateway serves.
 */
class GatewayEventsFuzzTest {

    private static final RouteMatcher ROUTES = new RouteMatcher(Routes.ALL);

    static Stream<Arguments> samples() {
        return SampleEvents.http().stream().map((JsonNode e) -> Arguments.of(
                e.at("/requestContext/http/method").asText("GET"), e.path("rawPath").asText("/"),
                e.path("rawQueryString").asText(""), e.at("/headers/content-type").asText(null),
                e.path("body").asText("")));
    }

    @MethodSource("samples")
    @FuzzTest
    void request(@NotNull String method, @NotNull String path, String rawQuery, String contentType, String body) {
        Optional<RouteMatcher.Match> match = ROUTES.match(method, path);
        RouteDef route = match.map(RouteMatcher.Match::route).orElse(Routes.ALL.getFirst());
        Map<String, List<String>> headers = contentType == null ? Map.of("Host", List.of("127.0.0.1"))
                : Map.of("Content-Type", List.of(contentType), "Host", List.of("127.0.0.1"));
        var event = ApiGatewayEvents.build(new ApiGatewayEvents.Incoming(method, path, rawQuery, headers,
                        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"),
                route, match.map(RouteMatcher.Match::pathParameters).orElse(Map.of()), Map.of("sub", "s"), null,
                "request-id", Instant.parse("2026-11-23T14:00:00Z"));
        if (!route.routeKey().equals(event.getRouteKey())) {
            throw new AssertionError("route key changed");
        }
    }
}
