package com.safehold.domain.verification;

import java.util.Optional;

/** Port: parses and classifies phone numbers (libphonenumber). */
@FunctionalInterface
public interface PhoneLookup {

    /** What kind of line a number is, as far as deciding whether to call it goes. */
    enum LineType { FIXED_LINE, MOBILE, FIXED_LINE_OR_MOBILE, NOT_CALLABLE }

    /**
     * @param e164   the number in E.164 form
     * @param region its ISO 3166 country code
     */
    record Phone(String e164, String region, LineType type) {
        @Override
        public String toString() {
            return "Phone[" + region + ", " + type + ", number redacted]";
        }
    }

    /** The number, or empty when it is not a valid international number (it must start with +). */
    Optional<Phone> parse(String raw);
}
