package com.safehold.auth;

import com.safehold.adapters.phone.LibPhoneNumbers;
import com.safehold.domain.verification.PhoneLookup;
import com.safehold.domain.common.Violation;
import com.safehold.domain.common.ValidationException;
import java.util.List;

/** Phone numbers given at signup, checked and normalised to E.164 with libphonenumber. */
final class PhoneNumbers {

    private static final LibPhoneNumbers PHONES = new LibPhoneNumbers();

    private PhoneNumbers() {}

    /** E.164 form ({@code +4915112345678}) of an international number, or null when none was given. */
    static String e164(String raw) {
        if (raw == null) {
            return null;
        }
        return PHONES.parse(raw).map(PhoneLookup.Phone::e164).orElseThrow(() -> new ValidationException(List.of(
                new Violation("phone", "invalid_phone",
                        "phone must be a valid international number starting with +, e.g. +4915112345678"))));
    }
}
