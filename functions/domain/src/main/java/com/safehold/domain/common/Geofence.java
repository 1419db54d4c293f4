package com.safehold.domain.common;

/**
 * Whether a reported position is inside a circle (a booking's venue, a store), the reported accuracy counted against it: the
 * whole circle of uncertainty must lie inside (a fix of ±80 m cannot prove presence in a 50 m radius).
 * Distances are great-circle (haversine) on a sphere of the mean Earth radius, plenty for a few hundred metres.
 */
public final class Geofence {

    static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private Geofence() {}

    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Inside when distance + accuracy is at most the radius; a negative or unusable accuracy is outside. */
    public static boolean inside(double centerLat, double centerLon, double radiusMeters, double lat, double lon,
            double accuracyMeters) {
        if (!Double.isFinite(lat) || !Double.isFinite(lon) || !Double.isFinite(accuracyMeters) || accuracyMeters < 0) {
            return false;
        }
        return distanceMeters(centerLat, centerLon, lat, lon) + accuracyMeters <= radiusMeters;
    }
}
