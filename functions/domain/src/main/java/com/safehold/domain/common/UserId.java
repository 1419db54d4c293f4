package com.safehold.domain.common;

import java.util.Objects;

/** An account's id: the Cognito {@code sub}. Opaque, never shown to a counterparty. */
public record UserId(String value) {
    public UserId {
        Objects.requireNonNull(value);
        if (value.isBlank()) {
            throw new IllegalArgumentException("user id is blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
