package com.safehold.adapters.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.safehold.domain.verification.PhoneLookup;
import java.util.Optional;

/**
 * Phone numbers with libphonenumber: parsed without a default region (an international number must start
 * with +), validated, normalised to E.164, and classified. Only fixed and mobile lines count as callable:
 * premium-rate, shared-cost, toll-free, VoIP, personal, pager, UAN, voicemail and unknown types are not.
 */
public final class LibPhoneNumbers implements PhoneLookup {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int MAX_LENGTH = 40;

    @Override
    public Optional<Phone> parse(String raw) {
        if (raw == null || raw.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(raw, null);
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            LineType type = switch (UTIL.getNumberType(number)) {
                case FIXED_LINE -> LineType.FIXED_LINE;
                case MOBILE -> LineType.MOBILE;
                case FIXED_LINE_OR_MOBILE -> LineType.FIXED_LINE_OR_MOBILE;
                default -> LineType.NOT_CALLABLE;
            };
            return Optional.of(new Phone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
                    UTIL.getRegionCodeForNumber(number), type));
        } catch (NumberParseException notANumber) {
            return Optional.empty();
        }
    }
}
