package com.safehold.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.api.Json;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.loyalty.MerchantService;
import com.safehold.domain.loyalty.ProgramDraft;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sample events in {@code events/} drive the handler as Lambda would: open a store, show its code, scan it. */
class ScanApiHandlerTest {

    private final TestDeployment deployment = new TestDeployment();
    private final ScanApiHandler handler = new ScanApiHandler(deployment);

    private APIGatewayV2HTTPEvent event(String file, String sub) {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("../../events/" + file);
        Map<String, String> claims = new HashMap<>(e.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", sub);
        claims.put("jti", deployment.signIn(sub));
        e.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return e;
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    @Test
    void theSampleEvents_openAStore_showItsCode_andScanIt() throws Exception {
        String merchant = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse opened = handler.handleRequest(event("scan-store-create.json", merchant), null);
        assertThat(opened.getStatusCode()).as(opened.getBody()).isEqualTo(201);
        String storeId = json(opened).get("storeId").asText();
        new MerchantService(ScanApiHandler.loyaltyStore(deployment), deployment.ids(), deployment.clock(), t -> new byte[0])
                .startProgram(new Caller(new UserId(merchant), Set.of(Role.MERCHANT)),
                        new ProgramDraft(List.of(storeId), 5, 10, "Coffee"));

        APIGatewayV2HTTPEvent show = event("scan-display-code.json", merchant);
        show.getPathParameters().put("id", storeId);
        APIGatewayV2HTTPResponse code = handler.handleRequest(show, null);
        assertThat(code.getStatusCode()).as(code.getBody()).isEqualTo(200);

        APIGatewayV2HTTPEvent sample = event("scan-scan.json", UUID.randomUUID().toString());
        APIGatewayV2HTTPResponse refused = handler.handleRequest(sample, null);
        assertThat(refused.getStatusCode()).as("the sample's own code names no real store").isEqualTo(400);
        assertThat(json(refused).get("code").asText()).isEqualTo("invalid_code");

        sample.setBody(sample.getBody().replaceAll("D1\\.[^\"]+", json(code).get("code").asText()));
        APIGatewayV2HTTPResponse stamped = handler.handleRequest(sample, null);
        assertThat(stamped.getStatusCode()).as(stamped.getBody()).isEqualTo(200);
        assertThat(json(stamped).get("stamps").asInt()).isEqualTo(1);
    }

    /**
     * A store whose merchant's key was destroyed (erasure, between the shred and the store's deletion) is
     * retired: its signing secret reads as absent, and neither its display code nor its receipt codes give a
     * stamp; both are {@code invalid_code} (SPEC 4.9), not a 500.
     */
    @Test
    void aStoreOfAnErasedMerchant_acceptsNoCode_displayOrReceipt() throws Exception {
        String merchant = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse opened = handler.handleRequest(event("scan-store-create.json", merchant), null);
        String storeId = json(opened).get("storeId").asText();
        Caller owner = new Caller(new UserId(merchant), Set.of(Role.MERCHANT));
        MerchantService merchants = new MerchantService(ScanApiHandler.loyaltyStore(deployment), deployment.ids(),
                deployment.clock(), t -> new byte[0]);
        merchants.startProgram(owner, new ProgramDraft(List.of(storeId), 5, 0, "Coffee"));
        String display = merchants.displayCode(owner, storeId).code();
        String receipt = merchants.receiptCodes(owner, storeId, 1, 24).codes().getFirst();

        deployment.cryptoShredder().shred(new UserId(merchant));

        for (String code : List.of(display, receipt)) {
            APIGatewayV2HTTPEvent scan = event("scan-scan.json", UUID.randomUUID().toString());
            scan.setBody(scan.getBody().replaceAll("D1\\.[^\"]+", code));
            APIGatewayV2HTTPResponse refused = handler.handleRequest(scan, null);
            assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(400);
            assertThat(json(refused).get("code").asText()).isEqualTo("invalid_code");
        }
        APIGatewayV2HTTPEvent show = event("scan-display-code.json", merchant);
        show.getPathParameters().put("id", storeId);
        assertThat(handler.handleRequest(show, null).getStatusCode()).as("no code is issued for it").isEqualTo(404);
    }
}
