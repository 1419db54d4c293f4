package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.api.IdempotentRequests.Replay;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.domain.common.DomainException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Decision 0022: the base class, not each handler, makes every state-changing route with a caller (every JWT
 * {@code POST} of the route table) honour {@code Idempotency-Key}, and leaves every other route alone. The
 * routes come from {@link Routes#ALL}, so a route added to the table is covered without touching this test.
 */
class IdempotentRoutesTest {

    private final TestDeployment deployment = new TestDeployment();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Test
    void everyJwtPost_replaysARepeatedKey_andEveryOtherRoute_runsEachTime() {
        Map<FunctionDef, ProbeHandler> handlers = new HashMap<>();
        List<RouteDef> idempotent = Routes.ALL.stream().filter(ApiHandler::idempotent).toList();
        assertThat(idempotent).as("the JWT POST routes of the table")
                .extracting(RouteDef::routeKey)
                .contains("POST /v1/loyalty/cards/{programId}/redeem", "POST /v1/bookings/{id}/accept",
                        "POST /v1/stores/{id}/receipt-codes", "POST /v1/bookings/{id}/messages",
                        "POST /v1/auth/logout", "POST /v1/auth/password", "POST /v1/verifications/{id}/confirm")
                .doesNotContain("POST /v1/auth/login", "POST /v1/auth/signup", "POST /v1/auth/refresh");
        for (RouteDef def : Routes.ALL) {
            ProbeHandler handler = handlers.computeIfAbsent(def.function(), f -> new ProbeHandler(f, deployment, runs));
            String key = UUID.randomUUID().toString();
            String sub = UUID.randomUUID().toString();
            APIGatewayV2HTTPResponse first = handler.handleRequest(event(handler, def, sub, key, "{\"n\":1}"), null);
            APIGatewayV2HTTPResponse second = handler.handleRequest(event(handler, def, sub, key, "{\"n\":1}"), null);
            assertThat(first.getStatusCode()).as(def.routeKey() + ": " + first.getBody()).isEqualTo(201);
            if (ApiHandler.idempotent(def)) {
                assertThat(runs.get(def.routeKey())).as(def.routeKey() + " ran once").hasValue(1);
                assertThat(second.getStatusCode()).as(def.routeKey()).isEqualTo(201);
                assertThat(second.getBody()).as(def.routeKey()).isEqualTo(first.getBody());
                assertThat(second.getHeaders()).as(def.routeKey()).containsEntry("idempotent-replayed", "true");
                assertThat(handler.replay(def.routeKey())).as(def.routeKey()).contains(Replay.RESPONSE);
                // and the same key with another body is refused without running
                APIGatewayV2HTTPResponse other = handler.handleRequest(event(handler, def, sub, key, "{\"n\":2}"), null);
                assertThat(other.getStatusCode()).as(def.routeKey()).isEqualTo(422);
                assertThat(other.getBody()).contains("idempotency_key_reused");
                assertThat(runs.get(def.routeKey())).as(def.routeKey()).hasValue(1);
            } else {
                assertThat(runs.get(def.routeKey())).as(def.routeKey() + " ran twice").hasValue(2);
                assertThat(second.getHeaders()).as(def.routeKey()).doesNotContainKey("idempotent-replayed");
                assertThat(handler.replay(def.routeKey())).as(def.routeKey()).isEmpty();
            }
        }
    }

    @Test
    void theSessionGuardComesFirst_soARefusedCallerNeitherClaimsNorReplaysAKey() {
        RouteDef redeem = route("POST /v1/loyalty/cards/{programId}/redeem");
        ProbeHandler handler = new ProbeHandler(redeem.function(), deployment, runs);
        String key = UUID.randomUUID().toString();
        String sub = UUID.randomUUID().toString();
        APIGatewayV2HTTPEvent ended = event(handler, redeem, sub, key, "");
        ended.getRequestContext().getAuthorizer().getJwt().getClaims().put("jti", "not-a-live-session");
        assertThat(handler.handleRequest(ended, null).getStatusCode()).isEqualTo(401);

        APIGatewayV2HTTPResponse admitted = handler.handleRequest(event(handler, redeem, sub, key, ""), null);
        assertThat(admitted.getStatusCode()).isEqualTo(201);
        assertThat(admitted.getHeaders()).doesNotContainKey("idempotent-replayed");
    }

    @Test
    void aReplayRule_canOnlyBeGivenToAnIdempotentRoute() {
        RouteDef receiptCodes = route("POST /v1/stores/{id}/receipt-codes");
        ProbeHandler handler = new ProbeHandler(receiptCodes.function(), deployment, runs);
        handler.register(receiptCodes.routeKey(), Replay.OUTCOME_ONLY);
        assertThat(handler.replay(receiptCodes.routeKey())).contains(Replay.OUTCOME_ONLY);
        assertThatThrownBy(() -> handler.register("GET /v1/stores/{id}/display-code", Replay.OUTCOME_ONLY))
                .isInstanceOf(IllegalStateException.class);
        ProbeHandler auth = new ProbeHandler(route("POST /v1/auth/login").function(), deployment, runs);
        assertThatThrownBy(() -> auth.register("POST /v1/auth/login", Replay.RESPONSE))
                .isInstanceOf(IllegalStateException.class);
    }

    private static RouteDef route(String routeKey) {
        return Routes.ALL.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new DomainException(DomainException.Kind.NOT_FOUND, "not_found", routeKey));
    }

    /** The event the gateway would send for {@code def}, signed in as {@code sub} on JWT routes. */
    private static APIGatewayV2HTTPEvent event(ProbeHandler handler, RouteDef def, String sub, String key, String body) {
        return handler.event(def, null, sub, Map.of("idempotency-key", key), body);
    }
}
