package com.safehold.domain.offers;

/**
 * Where the service (or the introductory meeting) takes place. A public place the provider chose, not a
 * person's position. Check-in positions are tested against the circle of {@code radiusMeters}.
 */
public record Venue(String name, double lat, double lon, int radiusMeters) {}
