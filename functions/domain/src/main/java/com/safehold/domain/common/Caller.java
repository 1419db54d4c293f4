package com.safehold.domain.common;

import java.util.Objects;
import java.util.Set;

/** Who is calling: the verified token's subject and roles. */
public record Caller(UserId userId, Set<Role> roles) {

    public Caller {
        Objects.requireNonNull(userId);
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Refuses a caller without the role: 403 {@code role_required}. */
    public void require(Role role) {
        if (!has(role)) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "role_required",
                    "this action needs the " + role.groupName() + " role");
        }
    }
}
