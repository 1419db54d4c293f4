package com.safehold.auth;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.safehold.domain.common.Violation;
import com.safehold.domain.common.ValidationException;
import java.util.List;

/** Phone numbers given at signup, checked and normalised to E.164 with libphonenumber. */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {}

    /** E.164 form ({@code +4915112345678}) of an international number, or null when none was given. */
    static String e164(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            PhoneNumber number = UTIL.parse(raw, null); // no default region: the number must start with +
            if (UTIL.isValidNumber(number)) {
                return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (NumberParseException notANumber) {
            // fall through to the same answer as an invalid number
        }
        throw new ValidationException(List.of(new Violation("phone", "invalid_phone",
                "phone must be a valid international number starting with +, e.g. +4915112345678")));
    }
}
