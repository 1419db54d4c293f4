package com.safehold.domain.loyalty;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Receipt codes as customers type them ({@link ReceiptCodes#normalise}): a canonical 15-character code from the
 * alphabet, or empty; never an exception. A canonical code normalises to itself.
 */
class ReceiptCodesFuzzTest {

    static Stream<Arguments> samples() {
        return Stream.of(Arguments.of(ReceiptCodes.generate()), Arguments.of("7k3qd m9xta-2hc8p"),
                Arguments.of("IL0O-abcde-fghjk-mnpqr"));
    }

    @MethodSource("samples")
    @FuzzTest
    void normalise(String typed) {
        ReceiptCodes.normalise(typed).ifPresent(code -> {
            if (code.length() != ReceiptCodes.LENGTH || !ReceiptCodes.normalise(code).orElseThrow().equals(code)) {
                throw new AssertionError("not canonical: " + code);
            }
            ReceiptCodes.hash(code);
        });
    }
}
