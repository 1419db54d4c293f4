package com.safehold.api;

/** What a handler does for one route key. */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request);
}
