package com.safehold.domain.common;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while input is checked, then fails once with all of them. */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public void add(String field, String code, String detail) {
        found.add(new Violation(field, code, detail));
    }

    public void addAll(List<Violation> violations) {
        found.addAll(violations);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /** Throws {@link ValidationException} if anything was found. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }
}
