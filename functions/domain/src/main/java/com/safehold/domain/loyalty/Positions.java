package com.safehold.domain.loyalty;

import com.safehold.domain.common.Violations;

/** Latitude and longitude in range, for stores and scans alike. */
final class Positions {

    private Positions() {}

    static void check(Violations v, double lat, double lon) {
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            v.add("lat", "out_of_range", "lat must be -90..90");
        }
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            v.add("lon", "out_of_range", "lon must be -180..180");
        }
    }
}
