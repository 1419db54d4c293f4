package com.safehold.local.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimRenderingTest {

    @Test
    void rendersEveryClaimAsAStringTheWayApiGatewayDoes() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", "8c1f0f0e-1111-2222-3333-444455556666");
        payload.put("cognito:groups", List.of("provider", "admin"));
        payload.put("exp", 1795950000L);
        payload.put("ratio", 1.5d);
        payload.put("whole", 3.0d);
        payload.put("email_verified", true);
        payload.put("empty", List.of());
        payload.put("gone", null);
        payload.put("nested", Map.of("a", 1L));

        Map<String, String> claims = ClaimRendering.render(payload);

        assertThat(claims).containsExactly(
                Map.entry("sub", "8c1f0f0e-1111-2222-3333-444455556666"),
                Map.entry("cognito:groups", "[provider admin]"),
                Map.entry("exp", "1795950000"),
                Map.entry("ratio", "1.5"),
                Map.entry("whole", "3"),
                Map.entry("email_verified", "true"),
                Map.entry("empty", "[]"),
                Map.entry("nested", "{\"a\":1}"));
    }

    @Test
    void aSingleGroupIsStillBracketed() {
        assertThat(ClaimRendering.render(Map.of("cognito:groups", List.of("customer"))))
                .containsEntry("cognito:groups", "[customer]");
    }
}
