package com.safehold.api.lambdacrac;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** The global context: resources in order of registration, held weakly, as Lambda's {@code ContextImpl} holds them. */
public final class Context {

    private final Map<Resource, Long> resources = new WeakHashMap<>();
    private long order;

    Context() {}

    public synchronized void register(Resource resource) {
        resources.put(resource, ++order);
    }

    synchronized List<Resource> inRegistrationOrder() {
        List<Map.Entry<Resource, Long>> entries = new ArrayList<>(resources.entrySet());
        entries.sort(Map.Entry.comparingByValue());
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    synchronized void clear() {
        resources.clear();
    }
}
