package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.phone.LibPhoneNumbers;
import com.safehold.domain.verification.PhoneLookup;
import com.safehold.domain.verification.PhoneLookup.LineType;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which numbers may be called at all (SPEC 4.8, decision 0013), with libphonenumber's own classification. */
class LibPhoneNumbersTest {

    private final LibPhoneNumbers phones = new LibPhoneNumbers();

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(nullValues = "-", value = {
            // raw,                 e164,               region, type
            "+49 151 12345678,      +4915112345678,     DE,     MOBILE",
            "+49 30 12345678,       +493012345678,      DE,     FIXED_LINE",
            "+1 201-555-0123,       +12015550123,       US,     FIXED_LINE_OR_MOBILE",   // the US cannot tell
            "+33 6 12 34 56 78,     +33612345678,       FR,     MOBILE",
            "+49 900 1234567,       +499001234567,      DE,     NOT_CALLABLE",           // premium rate
            "+49 180 12345678,      +4918012345678,     DE,     NOT_CALLABLE",           // shared cost
            "+49 800 1234567,       +498001234567,      DE,     NOT_CALLABLE",           // toll free
            "+44 56 1234 5678,      +445612345678,      GB,     NOT_CALLABLE",           // VoIP
            "+49 700 12345678,      +4970012345678,     DE,     NOT_CALLABLE",           // personal number
            "+49 164 12345,         +4916412345,        DE,     NOT_CALLABLE",           // pager
            "+800 1234 5678,        +80012345678,       001,    NOT_CALLABLE",           // international freephone
            "+999 12345678,         -,                  -,      -",                      // no such number
            "+49123,                -,                  -,      -",                      // too short: invalid
            "+49 321 234567,        -,                  -,      -",                      // unknown type: invalid
            "015112345678,          -,                  -,      -",                      // not international
            "call me,               -,                  -,      -",
    })
    void classifies(String raw, String e164, String region, LineType type) {
        Optional<PhoneLookup.Phone> parsed = phones.parse(raw);
        if (e164 == null) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).contains(new PhoneLookup.Phone(e164, region, type));
        }
    }

    @org.junit.jupiter.api.Test
    void nothingLongerThanFortyCharactersIsParsed() {
        assertThat(phones.parse("+49 151 12345678" + " ".repeat(30))).isEmpty();
        assertThat(phones.parse(null)).isEmpty();
    }
}
