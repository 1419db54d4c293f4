package com.safehold.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs inside a fresh JVM whose classpath is one function jar (plus this class): constructs the handler
 * the way Lambda does (no-argument constructor, configuration from the environment) and handles one
 * {@code GET} event of a JWT route, signed in as a caller whose session the benchmark seeded. Prints
 * JVM-start-to-main, init and first-invocation times in ms. Uses only classes the function jar carries.
 *
 * <p>Arguments: handler class, route key, raw path, path parameter {@code id} (or {@code -}), sub, groups
 * claim, jti.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long jvmToMainMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long t0 = System.nanoTime();
        var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(args[1]).withRawPath(args[2])
                .withPathParameters("-".equals(args[3]) ? Map.of() : Map.of("id", args[3])).withHeaders(Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("bench")
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", args[4], "cognito:groups", args[5], "jti", args[6]))
                                        .build()).build()).build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long t2 = System.nanoTime();
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("probe request answered " + response.getStatusCode());
        }
        System.err.printf("PROBE jvmToMainMs=%d initMs=%d firstInvokeMs=%d%n", jvmToMainMs,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
