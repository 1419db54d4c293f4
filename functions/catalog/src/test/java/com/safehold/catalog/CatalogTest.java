package com.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void theRealCatalog_isConsistent() {
        Catalog catalog = Catalog.safehold();
        assertThat(catalog.routes()).isNotEmpty().allSatisfy(r -> assertThat(r.path()).startsWith("/v1/"));
        assertThat(catalog.tables()).extracting(TableDef::environmentVariable).doesNotHaveDuplicates();
        assertThat(catalog.functions()).extracting(FunctionDef::name).doesNotHaveDuplicates();
    }

    @Test
    void everyRouteKey_isUnique_andNamesMethodAndPath() {
        var keys = new HashSet<String>();
        for (RouteDef route : Catalog.safehold().routes()) {
            assertThat(keys.add(route.routeKey())).isTrue();
            assertThat(route.routeKey()).isEqualTo(route.method() + " " + route.path());
        }
    }

    @Test
    void duplicateRoutes_areRefused() {
        RouteDef route = new RouteDef("GET", "/v1/x", Functions.OFFERS, RouteDef.Auth.JWT);
        assertThatThrownBy(() -> new Catalog(Tables.ALL, Functions.ALL, List.of(route, route), List.of(), List.of()))
                .hasMessageContaining("duplicate route");
    }

    @Test
    void aRouteOutsideV1_isRefused_soLocalRoutesCannotBeDeployed() {
        RouteDef local = new RouteDef("GET", "/local/outbox", Functions.OFFERS, RouteDef.Auth.PUBLIC);
        assertThatThrownBy(() -> new Catalog(Tables.ALL, Functions.ALL, List.of(local), List.of(), List.of()))
                .hasMessageContaining("/v1/");
    }

    @Test
    void aFunctionUsingAnUnlistedTable_isRefused() {
        TableDef stray = new TableDef("stray", "id", null, List.of(), null);
        FunctionDef f = new FunctionDef("f", "x.F", 512, 5, Map.of(stray, FunctionDef.Access.READ), false);
        assertThatThrownBy(() -> new Catalog(Tables.ALL, List.of(f), List.of(), List.of(), List.of()))
                .hasMessageContaining("unknown table stray");
    }

    @Test
    void aQueueWhoseVisibilityTimeoutIsShorterThanItsConsumer_isRefused() {
        assertThatThrownBy(() -> new QueueDef("q", true, Functions.OFFERS, List.of(), 10, 5, 5))
                .hasMessageContaining("visibility timeout");
    }

    @Test
    void fifoQueues_andTheirDeadLetterQueues_endInFifo() {
        QueueDef q = new QueueDef("escrow", true, Functions.OFFERS, List.of(), 10, 5, 60);
        assertThat(q.queueName("p-")).isEqualTo("p-escrow.fifo");
        assertThat(q.deadLetterQueueName("p-")).isEqualTo("p-escrow-dlq.fifo");
    }
}
