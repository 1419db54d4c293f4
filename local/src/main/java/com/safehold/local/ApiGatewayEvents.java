package com.safehold.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.catalog.RouteDef;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the API Gateway HTTP API (payload format 2.0) event for a request, as the real gateway does:
 * lower-cased headers with repeated values joined by commas, decoded query parameters, path parameters
 * from the route template, the authorizer's JWT claims, and base64 for bodies that are not text.
 */
final class ApiGatewayEvents {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {}

    record Incoming(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp) {}

    static APIGatewayV2HTTPEvent build(Incoming in, RouteDef route, Map<String, String> pathParameters,
            Map<String, String> claims, List<String> scopes, String requestId, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        in.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String contentType = headers.getOrDefault("content-type", "");
        boolean text = in.body().length == 0 || isText(contentType);

        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(in.method()).withPath(in.path()).withProtocol("HTTP/1.1")
                .withSourceIp(in.sourceIp()).withUserAgent(headers.getOrDefault("user-agent", "")).build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000").withApiId("local").withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withDomainPrefix("local").withStage("$default").withRouteKey(route.routeKey())
                .withRequestId(requestId).withHttp(http)
                .withTime(REQUEST_TIME.format(now)).withTimeEpoch(now.toEpochMilli());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims).withScopes(scopes).build())
                    .build());
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(in.path())
                .withRawQueryString(in.rawQuery() == null ? "" : in.rawQuery())
                .withHeaders(headers)
                .withQueryStringParameters(query(in.rawQuery()))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context.build())
                .withBody(in.body().length == 0 ? null
                        : text ? new String(in.body(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(in.body()))
                .withIsBase64Encoded(!text)
                .build();
    }

    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /**
     * Percent-decodes a query component; one that is not valid percent-encoding ({@code %}, {@code %zz}) is passed
     * on as it came, so the handler validates it like any other value instead of the gateway answering 500.
     */
    private static String decode(String component) {
        try {
            return URLDecoder.decode(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notPercentEncoded) {
            return component;
        }
    }
}
