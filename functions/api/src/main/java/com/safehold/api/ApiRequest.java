package com.safehold.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.domain.common.Caller;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** One API Gateway (HTTP API, payload 2.0) request as a handler sees it. */
public final class ApiRequest {

    private final APIGatewayV2HTTPEvent event;
    private final Context context;
    private Caller caller;

    ApiRequest(APIGatewayV2HTTPEvent event, Context context) {
        this.event = event;
        this.context = context;
    }

    public String routeKey() {
        return event.getRouteKey();
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx != null && ctx.getRequestId() != null ? ctx.getRequestId() : "unknown";
    }

    /**
     * The caller admitted by the {@link SessionGuard}: on JWT routes before the action runs, on public routes
     * when the action admitted a bearer token. Answers 401 when there is none.
     */
    public Caller caller() {
        if (caller == null) {
            throw new ProblemException(Problems.unauthorized());
        }
        return caller;
    }

    /** Whether a caller was admitted. */
    public boolean hasCaller() {
        return caller != null;
    }

    void admit(Caller admitted) {
        this.caller = admitted;
    }

    /** The claims the gateway's JWT authorizer verified, as it renders them (strings); empty on public routes. */
    Map<String, String> authorizerClaims() {
        var ctx = event.getRequestContext();
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getJwt() == null
                || ctx.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return ctx.getAuthorizer().getJwt().getClaims();
    }

    /** Where the request came from, for the identity provider's risk checks. */
    public String sourceIp() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getHttp() == null ? null : ctx.getHttp().getSourceIp();
    }

    public String userAgent() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getHttp() == null ? null : ctx.getHttp().getUserAgent();
    }

    /** A query-string parameter, or null when absent. */
    public String queryParameter(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        return parameters == null ? null : parameters.get(name);
    }

    /**
     * The longest path id accepted. Every id Safehold makes is far shorter (a prefix and 32 hex digits, a UUID);
     * DynamoDB refuses keys over 2,048 bytes (partition) or 1,024 bytes (sort) with a ValidationException, which
     * would otherwise surface as a 500.
     */
    public static final int MAX_PATH_ID_LENGTH = 128;
    /** The characters of every id Safehold makes (letters, digits, {@code _ - . : ~}); nothing else is an id. */
    private static final Pattern PATH_ID = Pattern.compile("[A-Za-z0-9_.:~-]{1," + MAX_PATH_ID_LENGTH + "}");

    /**
     * A path parameter of the route template. A missing, over-long or malformed value names no resource: 404
     * {@code not_found}, as for any id that does not exist ({@link #checkPathParameters()} already refused it).
     */
    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || !PATH_ID.matcher(value).matches()) {
            throw notFound();
        }
        return value;
    }

    /** Refuses the request with 404 {@code not_found} if any path parameter could not be an id. */
    void checkPathParameters() {
        Map<String, String> parameters = event.getPathParameters();
        if (parameters != null) {
            for (String value : parameters.values()) {
                if (value == null || !PATH_ID.matcher(value).matches()) {
                    throw notFound();
                }
            }
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(Problem.of(404, "not_found", "Not found", "no such resource"));
    }

    /** A header, case-insensitively (HTTP API lower-cases them; the local gateway does too). */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.ofNullable(header.getValue());
            }
        }
        return Optional.empty();
    }

    /** The body as a JSON object, via the one request parser. */
    public JsonFields body() {
        return RequestBody.parseObject(event.getBody(), event.getIsBase64Encoded());
    }

    /** The body as a JSON object, or an empty object when there is no body at all. */
    public JsonFields optionalBody() {
        String body = event.getBody();
        return body == null || body.isBlank() ? RequestBody.parseObject("{}", false) : body();
    }

    /** The raw body as sent, for request fingerprints. */
    public String rawBody() {
        return event.getBody() == null ? "" : event.getBody();
    }

    public String rawPath() {
        return event.getRawPath() == null ? "" : event.getRawPath();
    }

    /** Milliseconds the invocation has left, or a conservative default outside Lambda. */
    public long remainingMillis() {
        return context == null ? 30_000 : context.getRemainingTimeInMillis();
    }
}
