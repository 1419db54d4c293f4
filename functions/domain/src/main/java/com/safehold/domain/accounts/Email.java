package com.safehold.domain.accounts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An e-mail address, normalised (trimmed, lower case) so that {@code Ann@Example.com} and
 * {@code ann@example.com} are one account and one lockout counter. {@link #toString()} hides it, so it
 * cannot reach a log by accident.
 */
public final class Email {

    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");

    private final String value;

    private Email(String value) {
        this.value = value;
    }

    /** The normalised address, or empty when it does not look like one. */
    public static Optional<Email> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String normalised = raw.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_LENGTH || !SHAPE.matcher(normalised).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Email(normalised));
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Email e && e.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Email[redacted]";
    }
}
