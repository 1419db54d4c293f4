package com.safehold.domain.accounts;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MFA recovery codes as typed ({@link RecoveryCodes#looksLikeRecoveryCode}, {@link RecoveryCodes#hash}): no exception. */
class RecoveryCodesFuzzTest {

    static Stream<Arguments> samples() {
        return Stream.of(Arguments.of(RecoveryCodes.generate(new SecureRandom()).getFirst()), Arguments.of("123456"),
                Arguments.of("k7qf m2xd 9hrt wp4c"));
    }

    @MethodSource("samples")
    @FuzzTest
    void typed(@NotNull String input) {
        if (RecoveryCodes.looksLikeRecoveryCode(input)) {
            RecoveryCodes.hash(input);
        }
    }
}
