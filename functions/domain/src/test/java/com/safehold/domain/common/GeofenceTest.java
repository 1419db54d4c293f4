package com.safehold.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.safehold.domain.offers.Venue;
import org.junit.jupiter.api.Test;

class GeofenceTest {

    private static final Venue CAFE = new Venue("Café Central", 48.2104, 16.3656, 150);

    @Test
    void haversine_matchesKnownDistances() {
        // one degree of latitude is about 111.2 km; Vienna to Graz about 145 km
        assertThat(Geofence.distanceMeters(48.0, 16.0, 49.0, 16.0)).isCloseTo(111_195, within(50.0));
        assertThat(Geofence.distanceMeters(48.2082, 16.3738, 47.0707, 15.4395)).isCloseTo(144_500, within(1_000.0));
        assertThat(Geofence.distanceMeters(10, 179.9999, 10, -179.9999)).isLessThan(25);
    }

    @Test
    void theAccuracyCountsAgainstTheRadius() {
        double north100m = CAFE.lat() + 100 / 111_195.0;
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), north100m, CAFE.lon(), 0)).isTrue();
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), north100m, CAFE.lon(), 49)).isTrue();
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), north100m, CAFE.lon(), 51)).isFalse();
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), CAFE.lat(), CAFE.lon(), 151)).as("too vague to tell").isFalse();
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), CAFE.lat() + 0.01, CAFE.lon(), 0)).isFalse();
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), Double.NaN, CAFE.lon(), 0)).isFalse();
        assertThat(Geofence.inside(CAFE.lat(), CAFE.lon(), CAFE.radiusMeters(), CAFE.lat(), CAFE.lon(), -1)).isFalse();
    }
}
