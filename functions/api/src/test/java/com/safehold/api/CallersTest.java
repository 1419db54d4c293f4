package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.safehold.domain.common.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallersTest {

    @Test
    void groups_areReadInTheGatewaysListFormat_andAsJsonStyle_ignoringUnknownGroups() {
        assertThat(Callers.roles("[provider admin]")).containsExactlyInAnyOrder(Role.PROVIDER, Role.ADMIN);
        assertThat(Callers.roles("[\"customer\",\"support\"]")).containsExactlyInAnyOrder(Role.CUSTOMER, Role.SUPPORT);
        assertThat(Callers.roles("[superuser]")).isEmpty();
        assertThat(Callers.roles(null)).isEmpty();
    }

    @Test
    void noClaims_meansNoCaller() {
        assertThat(Callers.from(new APIGatewayV2HTTPEvent())).isEmpty();
        var withClaims = APIGatewayV2HTTPEvent.builder().withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder().withAuthorizer(
                        APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(
                                APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "u-1", "cognito:groups", "[merchant]")).build())
                                .build()).build()).build();
        assertThat(Callers.from(withClaims)).hasValueSatisfying(c -> {
            assertThat(c.userId().value()).isEqualTo("u-1");
            assertThat(c.roles()).containsExactly(Role.MERCHANT);
        });
    }
}
