package com.safehold.domain.settings;

/**
 * The platform settings the domain reads (SPEC 4.2). The defaults are the spec's; an admin changes them
 * at run time through the settings table without a redeploy.
 *
 * @param bookingFeePercent the platform's fee on top of the service price, whole percent 0..50
 */
public record PlatformSettings(int bookingFeePercent) {

    public static final PlatformSettings DEFAULTS = new PlatformSettings(10);

    public PlatformSettings {
        if (bookingFeePercent < 0 || bookingFeePercent > 50) {
            throw new IllegalArgumentException("bookingFeePercent must be 0..50");
        }
    }
}
