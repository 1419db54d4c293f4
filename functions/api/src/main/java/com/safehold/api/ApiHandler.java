package com.safehold.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbIdempotencyStore;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.settings.CachedSettingsSource;
import com.safehold.domain.settings.SettingsSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Base of every HTTP handler: dispatches on the route key, turns every refusal into an RFC 9457 problem
 * and every unexpected failure into a 500 problem without details, and logs one line per request. A
 * subclass registers its routes in its constructor; it must register exactly the catalog's routes for its
 * function (checked here at init, so a handler cannot drift from the route table).
 *
 * <p>Every state-changing route with a caller, that is every JWT {@code POST} ({@link #idempotent}), honours
 * {@code Idempotency-Key} here, after the session guard admitted the caller: no handler wraps its own
 * actions, so none can forget to (decision 0022). Public routes stay outside: they have no caller to scope a
 * key by, and their responses carry tokens. {@code PUT} and {@code DELETE} are idempotent by themselves.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final FunctionDef function;
    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, RouteDef> definitions = new HashMap<>();
    /** How each idempotent route answers a repeated key; no entry for the others. */
    private final Map<String, IdempotentRequests.Replay> replays = new HashMap<>();
    private final IdempotentRequests idempotency;
    protected final JsonLog log;
    /** The platform settings through a short cache (SPEC 4.2: a change applies within a minute). */
    protected final SettingsSource settings;
    protected final SessionGuard sessionGuard;
    /** The SnapStart hooks; this field keeps them reachable (the CRaC context holds them weakly). */
    private final Priming priming;

    protected ApiHandler(FunctionDef function, Deployment deployment) {
        this.function = function;
        this.log = new JsonLog(function.name());
        this.idempotency = new IdempotentRequests(
                new DynamoDbIdempotencyStore(deployment.dynamoDb(), deployment.tableName(Tables.IDEMPOTENCY)),
                deployment.clock());
        this.settings = new CachedSettingsSource(
                new DynamoDbSettingsSource(deployment.dynamoDb(), deployment.tableName(Tables.SETTINGS)),
                deployment.clock());
        this.sessionGuard = new SessionGuard(
                new DynamoDbSessionStore(deployment.dynamoDb(), deployment.tableName(Tables.SESSIONS)),
                settings, deployment.clock());
        this.priming = Priming.register(function, deployment);
    }

    /** The SnapStart hooks this handler registered at init, as the Lambda runtime calls them. */
    public final Priming priming() {
        return priming;
    }

    /**
     * Registers the action for a catalog route key such as {@code PUT /v1/offers/{id}}. An {@link #idempotent}
     * route replays its stored response for a repeated {@code Idempotency-Key}.
     */
    protected final void route(String routeKey, Route action) {
        RouteDef def = register(routeKey, action);
        if (idempotent(def)) {
            replays.put(routeKey, IdempotentRequests.Replay.RESPONSE);
        }
    }

    /**
     * Registers the action for an {@link #idempotent} route that answers a repeated key otherwise: requires the
     * key, or keeps only the outcome because the response holds secrets or personal data.
     */
    protected final void route(String routeKey, IdempotentRequests.Replay replay, Route action) {
        RouteDef def = register(routeKey, action);
        if (!idempotent(def)) {
            throw new IllegalStateException(routeKey + " takes no Idempotency-Key: only JWT POST routes do");
        }
        replays.put(routeKey, replay);
    }

    private RouteDef register(String routeKey, Route action) {
        RouteDef def = Routes.ALL.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new IllegalStateException("route " + routeKey + " is not in the route table"));
        if (!def.function().equals(function)) {
            throw new IllegalStateException("route " + routeKey + " belongs to " + def.function().name());
        }
        routes.put(routeKey, action);
        definitions.put(routeKey, def);
        return def;
    }

    /**
     * Whether a route honours {@code Idempotency-Key} (SPEC 3, decision 0022): every state-changing
     * {@code POST} with a caller to scope the key by, that is every JWT {@code POST}.
     */
    public static boolean idempotent(RouteDef def) {
        return def.auth() == RouteDef.Auth.JWT && def.method().equals("POST");
    }

    /** How a route of this handler answers a repeated key; empty for routes that take none. */
    public final Optional<IdempotentRequests.Replay> replay(String routeKey) {
        return Optional.ofNullable(replays.get(routeKey));
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        ApiRequest request = new ApiRequest(event, context);
        ApiResponse response;
        try {
            Route route = routes.get(request.routeKey());
            if (route == null) {
                response = ApiResponse.problem(Problem.of(404, "route_not_found", "Not found", "no such route"));
            } else {
                RouteDef def = definitions.get(request.routeKey());
                if (def.auth() == RouteDef.Auth.JWT) {
                    request.admit(sessionGuard.admit(request.authorizerClaims(), def.showsUserData()));
                }
                // for every route, before any action or key claim: a path id that cannot be one is 404, never a
                // DynamoDB ValidationException (a 500) for a key over its size limit
                request.checkPathParameters();
                IdempotentRequests.Replay replay = replays.get(request.routeKey());
                response = replay == null ? route.handle(request)
                        : idempotency.execute(request, request.caller(), replay, () -> route.handle(request));
            }
        } catch (ProblemException e) {
            response = ApiResponse.problem(e.problem());
        } catch (DomainException e) {
            response = ApiResponse.problem(Problems.from(e));
        } catch (RuntimeException e) {
            log.error("request.failed", e, Map.of(LogField.REQUEST_ID, request.requestId(),
                    LogField.ROUTE, String.valueOf(request.routeKey())));
            response = ApiResponse.problem(Problems.internalError(request.requestId()));
        }
        Map<LogField, Object> fields = new LinkedHashMap<>();
        fields.put(LogField.REQUEST_ID, request.requestId());
        fields.put(LogField.ROUTE, String.valueOf(request.routeKey()));
        fields.put(LogField.STATUS, response.status());
        fields.put(LogField.DURATION_MS, (System.nanoTime() - started) / 1_000_000);
        if (response.headers().containsKey("idempotent-replayed")) {
            fields.put(LogField.IDEMPOTENCY, "replayed");
        }
        fields.put(LogField.CODE, response.problemCode());
        log.info("request", fields);
        return response.toLambda();
    }

    /** Every route key of this function in the catalog must have an action. */
    protected final void requireAllRoutesRegistered() {
        for (RouteDef def : Routes.ALL) {
            if (def.function().equals(function) && !routes.containsKey(def.routeKey())) {
                throw new IllegalStateException(function.name() + " does not handle " + def.routeKey());
            }
        }
    }
}
