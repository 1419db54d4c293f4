package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP API event the local gateway builds from a raw request. */
class ApiGatewayEventsTest {

    private static APIGatewayV2HTTPEvent eventFor(String rawQuery) {
        RouteDef route = Routes.ALL.stream().filter(r -> r.routeKey().equals("GET /v1/providers/me/bookings/export"))
                .findFirst().orElseThrow();
        return ApiGatewayEvents.build(new ApiGatewayEvents.Incoming("GET", route.path(), rawQuery,
                        Map.of("Host", List.of("127.0.0.1")), new byte[0], "127.0.0.1"),
                route, Map.of(), Map.of("sub", "u"), null, "request-id", Instant.parse("2026-11-23T14:00:00Z"));
    }

    @Test
    void queryParametersArePercentDecoded_andRepeatedOnesJoinedByCommas() {
        assertThat(eventFor("before=2026-11-24&cursor=a%2Bb%20c&cursor=d").getQueryStringParameters())
                .containsEntry("before", "2026-11-24").containsEntry("cursor", "a+b c,d");
    }

    @Test
    void aQueryThatIsNotValidPercentEncoding_reachesTheHandlerAsSent_insteadOfFailingTheGateway() {
        // found by GatewayEventsFuzzTest: URLDecoder threw on "%", so the gateway answered 500
        assertThat(eventFor("before=%&cursor=%zz&%=1").getQueryStringParameters())
                .containsEntry("before", "%").containsEntry("cursor", "%zz").containsEntry("%", "1");
    }
}
