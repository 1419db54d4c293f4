package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A path id that cannot be an id (over-long, or with characters no id has) is 404 {@code not_found} on every route
 * of the table, before the route's action runs: a store id over 2,048 bytes or a program id over 1,024 bytes would
 * otherwise reach DynamoDB as a key it refuses with a ValidationException, a 500.
 */
class PathParametersTest {

    private final TestDeployment deployment = new TestDeployment();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Test
    void everyRouteWithAPathId_answers404ForAnIdThatCannotBeOne_withoutRunning() {
        List<RouteDef> withIds = Routes.ALL.stream().filter(r -> r.path().contains("{")).toList();
        assertThat(withIds).extracting(RouteDef::routeKey)
                .contains("GET /v1/stores/{id}/display-code", "POST /v1/loyalty/cards/{programId}/redeem");
        Map<FunctionDef, ProbeHandler> handlers = new HashMap<>();
        List<String> malformed = List.of("s".repeat(2049), "p".repeat(1025),
                "a".repeat(ApiRequest.MAX_PATH_ID_LENGTH + 1), "a b", "a/b", "é", "");
        for (RouteDef def : withIds) {
            ProbeHandler handler = handlers.computeIfAbsent(def.function(), f -> new ProbeHandler(f, deployment, runs));
            for (String bad : malformed) {
                APIGatewayV2HTTPResponse refused = handler.handleRequest(handler.event(def, bad, UUID.randomUUID().toString(), Map.of(), "{}"), null);
                assertThat(refused.getStatusCode()).as(def.routeKey() + " with " + bad.length() + " chars")
                        .isEqualTo(404);
                assertThat(refused.getBody()).as(def.routeKey()).contains("\"not_found\"");
            }
            assertThat(runs.get(def.routeKey())).as(def.routeKey() + " never ran").isNull();
            String longest = "sto_" + "a".repeat(ApiRequest.MAX_PATH_ID_LENGTH - 4);
            for (String good : List.of(longest, "bkg_0123456789abcdef", UUID.randomUUID().toString())) {
                APIGatewayV2HTTPResponse admitted = handler.handleRequest(handler.event(def, good, UUID.randomUUID().toString(), Map.of(), "{}"), null);
                assertThat(admitted.getStatusCode()).as(def.routeKey() + " " + admitted.getBody()).isEqualTo(201);
            }
        }
    }
}
