package com.safehold.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.safehold.adapters.Deployment;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test scheduled job: counts its runs and reports the count and the event's source. */
public final class CountingJob implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final AtomicInteger RUNS = new AtomicInteger();

    public CountingJob(Deployment deployment) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("runs", RUNS.incrementAndGet(), "source", event.get("source"));
    }
}
