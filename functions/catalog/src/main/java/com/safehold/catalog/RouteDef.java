package com.safehold.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One HTTP API route: method, path template ({@code /v1/offers/{id}}), the function behind it, whether
 * the JWT authorizer guards it, and whether it shows data about users (pseudonyms, bookings, messages) —
 * in HIPAA mode the support role gets 403 {@code support_access_denied} on every such route (SPEC 4.2).
 */
public record RouteDef(String method, String path, FunctionDef function, Auth auth, boolean showsUserData) {

    /**
     * Scopes a JWT route demands. Cognito puts this scope in access tokens only, so an id token (whose
     * {@code aud} is also the client id) cannot pass the authorizer.
     */
    public static final List<String> JWT_SCOPES = List.of("aws.cognito.signin.user.admin");

    /** A route that shows user data when it is a JWT route (support is denied it in HIPAA mode, SPEC 4.2). */
    public RouteDef(String method, String path, FunctionDef function, Auth auth) {
        this(method, path, function, auth, auth == Auth.JWT);
    }

    public RouteDef {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(function);
        Objects.requireNonNull(auth);
    }

    /** API Gateway route key, e.g. {@code PUT /v1/offers/{id}}; handlers dispatch on it. */
    public String routeKey() {
        return method + " " + path;
    }

    /** Who may reach a route at the gateway. Role checks happen in the handler. */
    public enum Auth {
        /** Cognito access token required (SPEC 3): the JWT authorizer verifies it. */
        JWT,
        /** Signup, login and MFA challenge only (SPEC 3). */
        PUBLIC
    }
}
