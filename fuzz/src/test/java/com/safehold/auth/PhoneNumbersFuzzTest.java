package com.safehold.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.safehold.adapters.phone.LibPhoneNumbers;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.verification.PhoneLookup;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Phone numbers as given at signup ({@link PhoneNumbers#e164}) and at verification ({@link LibPhoneNumbers}):
 * an E.164 number or a 400 violation, never another exception; an accepted number parses again to itself.
 */
class PhoneNumbersFuzzTest {

    private static final LibPhoneNumbers PHONES = new LibPhoneNumbers();

    static Stream<Arguments> samples() {
        return Stream.of(Arguments.of("+4915112345678"), Arguments.of("+1 (415) 555-0100"), Arguments.of("+44 20 7946 0958"),
                Arguments.of("00491511234567"), Arguments.of("+800 1234 5678"), Arguments.of("+49 151 1234567 ext. 12"));
    }

    @MethodSource("samples")
    @FuzzTest
    void parse(String raw) {
        try {
            String e164 = PhoneNumbers.e164(raw);
            if (raw != null && (e164 == null || !e164.startsWith("+"))) {
                throw new AssertionError("not E.164: " + e164);
            }
        } catch (ValidationException invalid) {
            // the documented refusal
        }
        Optional<PhoneLookup.Phone> phone = PHONES.parse(raw);
        phone.ifPresent(p -> {
            Optional<PhoneLookup.Phone> again = PHONES.parse(p.e164());
            if (again.isEmpty() || !again.get().e164().equals(p.e164())) {
                throw new AssertionError("E.164 form does not parse to itself");
            }
        });
    }
}
