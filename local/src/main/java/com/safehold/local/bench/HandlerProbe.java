package com.safehold.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM whose classpath is one function jar plus this class (and {@link FloorHandler}): what the
 * Lambda runtime does at a cold start. It constructs the handler with its no-argument constructor (init),
 * optionally runs the SnapStart priming hooks the handler registered ({@code prime}), reads the event the way
 * the runtime would (not timed: the runtime does that before it calls the handler), then hands it to the
 * handler (first invocation). Prints one {@code PROBE} line. Uses only classes every function jar carries.
 *
 * <p>Arguments: handler class, event file, {@code prime} or {@code -}.
 */
public final class HandlerProbe {

    private HandlerProbe() {}

    public static void main(String[] args) throws Exception {
        long jvmToMainMs = ManagementFactory.getRuntimeMXBean().getUptime();
        var classes = ManagementFactory.getClassLoadingMXBean();
        long t0 = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        long classesAtInit = classes.getTotalLoadedClassCount();
        long primeNanos = 0;
        if (args.length > 2 && args[2].equals("prime")) {
            long p0 = System.nanoTime();
            prime(handler);
            primeNanos = System.nanoTime() - p0;
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        String outcome;
        long t2;
        long t3;
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t2 = System.nanoTime();
            stream.handleRequest(new ByteArrayInputStream(event), out, null);
            t3 = System.nanoTime();
            outcome = "ok";
        } else {
            Method method = handleRequest(handler.getClass());
            ObjectMapper mapper = JsonMapper.builder().configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();
            Object input = mapper.readValue(event, method.getParameterTypes()[0]);
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) handler;
            t2 = System.nanoTime();
            Object result = typed.handleRequest(input, null);
            t3 = System.nanoTime();
            outcome = switch (result) {
                case APIGatewayV2HTTPResponse r -> Integer.toString(r.getStatusCode());
                case SQSBatchResponse r -> r.getBatchItemFailures() == null || r.getBatchItemFailures().isEmpty() ? "ok"
                        : r.getBatchItemFailures().size() + "-failed";
                default -> "ok";
            };
        }
        System.err.printf("PROBE jvmToMainMs=%d initMs=%.1f primeMs=%.1f firstInvokeMs=%.1f classesAtInit=%d"
                        + " classesAfterFirst=%d outcome=%s%n", jvmToMainMs, (t1 - t0) / 1e6, primeNanos / 1e6,
                (t3 - t2) / 1e6, classesAtInit, classes.getTotalLoadedClassCount(), outcome);
    }

    /** The handler's own {@code handleRequest(T, Context)}: its parameter type is what the runtime deserialises. */
    private static Method handleRequest(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()
                    && m.getParameterTypes()[0] != Object.class) {
                return m;
            }
        }
        throw new IllegalStateException(type + " has no typed handleRequest");
    }

    /**
     * What SnapStart does around the snapshot for this handler: its {@code org.crac} resource's
     * {@code beforeCheckpoint}, then, at restore, {@code afterRestore}. The handler holds its resource in a
     * field (the CRaC context holds resources weakly), and no CRaC runtime runs here, so the probe calls the
     * hooks directly. The floor registers none.
     */
    private static void prime(Object handler) throws Exception {
        for (Class<?> type = handler.getClass(); type != null; type = type.getSuperclass()) {
            for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                if (isResource(field.getType())) {
                    field.setAccessible(true);
                    Object resource = field.get(handler);
                    for (String hook : new String[] {"beforeCheckpoint", "afterRestore"}) {
                        for (Method m : resource.getClass().getMethods()) {
                            if (m.getName().equals(hook) && m.getParameterCount() == 1) {
                                m.invoke(resource, (Object) null);
                            }
                        }
                    }
                    return;
                }
            }
        }
    }

    private static boolean isResource(Class<?> type) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().equals("org.crac.Resource")) {
                return true;
            }
        }
        return false;
    }
}
