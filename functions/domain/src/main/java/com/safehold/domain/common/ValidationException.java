package com.safehold.domain.common;

import java.util.List;

/**
 * Input broke one or more rules. Every violation found is reported at once; the first one's code becomes
 * the problem's {@code code}, so the same input always answers the same code.
 */
public final class ValidationException extends DomainException {

    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(Kind.INVALID, first(violations).code(), first(violations).detail());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static Violation first(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one violation");
        }
        return violations.getFirst();
    }
}
