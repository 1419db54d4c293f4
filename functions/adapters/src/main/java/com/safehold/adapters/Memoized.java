package com.safehold.adapters;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use and then kept for the life of the execution environment (SDK clients, the
 * app client's secret): nothing is built that a function never uses, and nothing is built twice.
 */
public final class Memoized<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private T value;

    private Memoized(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    public static <T> Memoized<T> of(Supplier<T> factory) {
        return new Memoized<>(factory);
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = Objects.requireNonNull(factory.get(), "a memoized value may not be null");
        }
        return value;
    }
}
