package com.safehold.domain.loyalty;

import com.safehold.domain.common.Violations;

/** A customer's scan (SPEC 4.9 {@code POST /v1/scans}): the code, where the phone says it is, and the device. */
public record ScanRequest(String code, double lat, double lon, double accuracyMeters, String deviceId) {

    public static final int MAX_DEVICE_ID = 128;

    public void validate() {
        Violations v = new Violations();
        if (code == null || code.isEmpty()) {
            v.add("code", "missing_field", "code is required");
        }
        Positions.check(v, lat, lon);
        if (!Double.isFinite(accuracyMeters) || accuracyMeters < 0) {
            v.add("accuracyMeters", "out_of_range", "accuracyMeters must be 0 or more");
        }
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > MAX_DEVICE_ID) {
            v.add("deviceId", "out_of_range", "deviceId must be 1.." + MAX_DEVICE_ID + " characters");
        }
        v.throwIfAny();
    }

    /** Never shows where the customer is. */
    @Override
    public String toString() {
        return "ScanRequest[position redacted]";
    }
}
