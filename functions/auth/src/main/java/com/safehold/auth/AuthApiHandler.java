package com.safehold.auth;

import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiResponse;
import com.safehold.api.Problem;
import com.safehold.catalog.Functions;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;

/** Lambda function {@code auth} (SPEC 4.1, 4.2). Skeleton: being built. */
public final class AuthApiHandler extends ApiHandler {

    public AuthApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public AuthApiHandler(Deployment deployment) {
        super(Functions.AUTH, deployment);
        for (RouteDef def : Routes.ALL) {
            if (def.function().equals(Functions.AUTH)) {
                route(def.routeKey(), request -> ApiResponse.problem(
                        Problem.of(501, "not_implemented", "Not implemented", "not yet")));
            }
        }
        requireAllRoutesRegistered();
    }
}
