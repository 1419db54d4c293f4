package com.safehold.adapters.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts {@code n} tasks at the same moment, each on its own thread, and returns what each returned, in order. */
public final class Race {

    /** One contestant; {@code i} is its number, 0 to n-1. */
    public interface Contestant<T> {
        T run(int i) throws Exception;
    }

    private Race() {}

    /** Any exception a contestant throws fails the caller (wrapped in an {@code ExecutionException}). */
    public static <T> List<T> of(int n, Contestant<T> contestant) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return contestant.run(index);
                };
                futures.add(threads.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
