package com.safehold.local;

import com.safehold.adapters.Deployment;
import com.safehold.catalog.FunctionDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of each function's handler class, built the way the Lambda runtime builds it once per
 * execution environment — but with the local {@link Deployment}. Handlers are stateless apart from clients
 * built at init, so one instance serves concurrent requests (docs/decisions/0001-local-platform.md).
 */
final class Handlers {

    private final Map<FunctionDef, Object> instances = new LinkedHashMap<>();

    /** @param deployments each function's deployment (its own key cache, as in its own Lambda environment) */
    Handlers(List<FunctionDef> functions, java.util.function.Function<FunctionDef, ? extends Deployment> deployments) {
        for (FunctionDef function : functions) {
            instances.put(function, instantiate(function, deployments.apply(function)));
        }
    }

    @SuppressWarnings("unchecked")
    <T> T of(FunctionDef function, Class<T> type) {
        Object handler = instances.get(function);
        if (!type.isInstance(handler)) {
            throw new IllegalStateException(function.name() + " is not a " + type.getSimpleName());
        }
        return (T) handler;
    }

    private static Object instantiate(FunctionDef function, Deployment deployment) {
        try {
            return Class.forName(function.handlerClass()).getConstructor(Deployment.class).newInstance(deployment);
        } catch (java.lang.reflect.InvocationTargetException failedAtInit) {
            throw new IllegalStateException("handler " + function.handlerClass() + " failed at init: "
                    + failedAtInit.getCause().getMessage(), failedAtInit.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build handler " + function.handlerClass()
                    + ": it needs a public constructor taking a Deployment", e);
        }
    }
}
