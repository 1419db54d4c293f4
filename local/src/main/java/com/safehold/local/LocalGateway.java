package com.safehold.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.safehold.catalog.RouteDef;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local API Gateway (SPEC 2): serves the catalog's routes on 127.0.0.1 by building the HTTP API event,
 * running the JWT authorizer on JWT routes (401 {@code {"message":"Unauthorized"}} like the real one) and
 * invoking the same handler class Lambda would. Requests under {@code /health} and {@code /local/} go to
 * the {@link LocalControl} routes, which exist only here.
 */
final class LocalGateway implements AutoCloseable {

    /** HTTP API's payload limit; larger requests never reach a function. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    /** Verifies a bearer token as the HTTP API JWT authorizer would; empty means 401. */
    @FunctionalInterface
    interface Authorizer {
        Optional<Authorized> authorize(String authorizationHeader);
    }

    record Authorized(Map<String, String> claims, List<String> scopes) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final RouteMatcher routes;
    private final Handlers handlers;
    private final Authorizer authorizer;
    private final LocalControl control;
    private final LocalClock clock;

    LocalGateway(int port, List<RouteDef> routes, Handlers handlers, Authorizer authorizer, LocalControl control,
            LocalClock clock) throws IOException {
        this.routes = new RouteMatcher(routes);
        this.handlers = handlers;
        this.authorizer = authorizer;
        this.control = control;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!fromThisMachine(exchange.getRequestHeaders())) {
                send(exchange, 403, Map.of("content-type", "application/json"),
                        "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/health") || path.startsWith("/local/")) {
                LocalControl.Reply reply = control.handle(exchange.getRequestMethod(), path,
                        exchange.getRequestURI().getRawQuery(), body);
                send(exchange, reply.status(), Map.of("content-type", reply.contentType()),
                        reply.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            invoke(exchange, path, body);
        } catch (RuntimeException unexpected) {
            // The real gateway answers 500 when an integration fails; never leave the client hanging.
            send(exchange, 500, Map.of("content-type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private void invoke(HttpExchange exchange, String path, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        Optional<RouteMatcher.Match> match = routes.match(method, path);
        if (match.isEmpty()) {
            send(exchange, 404, Map.of("content-type", "application/json"),
                    "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        RouteDef route = match.get().route();
        Map<String, String> claims = null;
        List<String> scopes = null;
        if (route.auth() == RouteDef.Auth.JWT) {
            Optional<Authorized> authorized = authorizer.authorize(
                    exchange.getRequestHeaders().getFirst("Authorization"));
            if (authorized.isEmpty()) {
                send(exchange, 401, Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
                        "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            claims = authorized.get().claims();
            scopes = authorized.get().scopes();
        }
        String requestId = UUID.randomUUID().toString();
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.build(
                new ApiGatewayEvents.Incoming(method, path, exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getAddress().getHostAddress()),
                route, match.get().pathParameters(), claims, scopes, requestId, clock.now());
        var handler = handlers.of(route.function(), RequestHandler.class);
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) handler.handleRequest(event,
                new LocalLambdaContext(route.function(), requestId));
        byte[] responseBody = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.LinkedHashMap<>(
                response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put("apigw-requestid", requestId);
        send(exchange, response.getStatusCode(), headers, responseBody);
    }

    /**
     * Binding to 127.0.0.1 keeps other machines out, but not a web page in the developer's browser: through DNS
     * rebinding it reaches us under its own host name, and as a cross-site request it carries its own
     * {@code Origin}. The local-only routes (clock, jobs, the outbox with its codes) take no token, so requests
     * must name a loopback host, and an {@code Origin}, when a browser sends one, must be loopback too.
     */
    static boolean fromThisMachine(com.sun.net.httpserver.Headers headers) {
        String host = headers.getFirst("Host");
        String origin = headers.getFirst("Origin");
        return host != null && isLoopback(host) && (origin == null || isLoopback(
                origin.replaceFirst("^https?://", "")));
    }

    private static boolean isLoopback(String hostAndPort) {
        String host = hostAndPort.startsWith("[") ? hostAndPort.substring(0, hostAndPort.indexOf(']') + 1)
                : hostAndPort.replaceFirst(":\\d*$", "");
        return host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]");
    }

    /** Reads the body, or returns null if it exceeds the gateway's payload limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return body.length > MAX_PAYLOAD_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
