package com.safehold.local.bench;

import java.util.Collection;

/** Order statistics of a sample (nearest rank), in the unit it was given. */
public record Stats(int n, double p50, double p99, double max) {

    public static Stats of(Collection<? extends Number> sample) {
        double[] sorted = sample.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    public static double median(Collection<? extends Number> sample) {
        return of(sample).p50();
    }

    private static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
