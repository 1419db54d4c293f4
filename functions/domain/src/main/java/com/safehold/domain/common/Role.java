package com.safehold.domain.common;

import java.util.Locale;
import java.util.Optional;

/** Roles are Cognito groups (SPEC 3). */
public enum Role {
    CUSTOMER, PROVIDER, MERCHANT, ADMIN, SUPPORT;

    /** The Cognito group name, e.g. {@code provider}. */
    public String groupName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromGroup(String group) {
        for (Role role : values()) {
            if (role.groupName().equals(group)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
