package com.safehold.domain.loyalty;

import com.safehold.domain.common.Violations;

/** What a merchant submits to open a store (SPEC 4.9 {@code POST /v1/stores}). */
public record StoreDraft(String name, double lat, double lon, int radiusMeters) {

    public static final int MAX_NAME = 100;
    public static final int MIN_RADIUS_METERS = 10;
    public static final int MAX_RADIUS_METERS = 1000;

    public void validate() {
        Violations v = new Violations();
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            v.add("name", "out_of_range", "name must be 1.." + MAX_NAME + " characters");
        }
        Positions.check(v, lat, lon);
        if (radiusMeters < MIN_RADIUS_METERS || radiusMeters > MAX_RADIUS_METERS) {
            v.add("radiusMeters", "out_of_range",
                    "radiusMeters must be " + MIN_RADIUS_METERS + ".." + MAX_RADIUS_METERS);
        }
        v.throwIfAny();
    }
}
