package com.safehold.domain.settings;

/** Port: the settings in force now. Implementations may cache briefly. */
@FunctionalInterface
public interface SettingsSource {
    PlatformSettings current();
}
