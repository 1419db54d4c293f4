package com.safehold.local;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Components started one after another, stopped in reverse order: a later one may use an earlier one (a
 * client its server), and one that fails to stop does not keep the rest running.
 */
public final class Started implements AutoCloseable {

    private final Deque<AutoCloseable> components = new ArrayDeque<>();

    /** Remembers a started component; returns it. */
    public <T extends AutoCloseable> T track(T component) {
        components.push(component);
        return component;
    }

    @Override
    public void close() {
        while (!components.isEmpty()) {
            try {
                components.pop().close();
            } catch (Exception ignored) {
                // keep stopping the rest
            }
        }
    }
}
