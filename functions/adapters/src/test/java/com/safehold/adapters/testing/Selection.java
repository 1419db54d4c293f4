package com.safehold.adapters.testing;

import java.util.Objects;

/**
 * The contract target this test JVM runs against, or why there is none: then every contract test is skipped
 * with that reason and the build stays green.
 *
 * @param target  the target, or {@code null} when unavailable
 * @param skipped why it is unavailable, or {@code null}
 */
public record Selection(ContractTarget target, String skipped) {

    public Selection {
        if ((target == null) == (skipped == null)) {
            throw new IllegalArgumentException("a selection has a target or a reason to skip, not both");
        }
    }

    public static Selection ready(ContractTarget target) {
        return new Selection(Objects.requireNonNull(target), null);
    }

    public static Selection unavailable(String reason) {
        return new Selection(null, Objects.requireNonNull(reason));
    }

    public boolean available() {
        return target != null;
    }
}
