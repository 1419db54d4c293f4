package com.safehold.catalog;

import static com.safehold.catalog.RouteDef.Auth.JWT;

import java.util.List;

/**
 * The one route table: the CDK app deploys exactly these routes and the local gateway serves exactly
 * these (plus its own local-only routes, which are never deployed).
 */
public final class Routes {

    public static final List<RouteDef> ALL = List.of(
            new RouteDef("POST", "/v1/offers", Functions.OFFERS, JWT),
            new RouteDef("PUT", "/v1/offers/{id}", Functions.OFFERS, JWT),
            new RouteDef("GET", "/v1/offers/{id}", Functions.OFFERS, JWT));

    private Routes() {}
}
