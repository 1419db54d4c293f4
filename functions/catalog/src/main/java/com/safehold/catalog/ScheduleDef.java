package com.safehold.catalog;

import java.util.Objects;

/**
 * One EventBridge schedule. {@link #name()} is also the local platform's job name
 * ({@code POST /local/jobs/{name}}), and {@link #everyMinutes()} its period there.
 */
public record ScheduleDef(String name, String expression, int everyMinutes, FunctionDef target) {
    public ScheduleDef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(expression);
        Objects.requireNonNull(target);
    }
}
