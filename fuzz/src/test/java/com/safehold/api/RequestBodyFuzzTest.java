package com.safehold.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.common.ValidationException;
import com.safehold.fuzz.SampleEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one request parser (SPEC 3): {@link RequestBody#parseObject} and every typed reader of {@link JsonFields},
 * applied to the body's own field names (and nested objects). Whatever the bytes, the only way out is a value
 * or a 400 problem: {@link ProblemException} or {@link ValidationException}.
 */
class RequestBodyFuzzTest {

    static Stream<Arguments> samples() {
        return SampleEvents.bodies().stream().map(body -> Arguments.of(body, false, 0L));
    }

    @MethodSource("samples")
    @FuzzTest
    void parse(@NotNull String body, boolean base64Encoded, long readers) {
        try {
            JsonFields fields = RequestBody.parseObject(body, base64Encoded);
            read(fields, parsedNames(body, base64Encoded), readers, 0);
            fields.finish();
        } catch (ProblemException | ValidationException refused) {
            if (refused instanceof ProblemException p && p.problem().status() != 400) {
                throw new AssertionError("a body refusal must be a 400, was " + p.problem().status());
            }
        }
    }

    /** Field names of the top-level object, read without JsonFields (which hides them). */
    private static List<String> parsedNames(String body, boolean base64Encoded) {
        try {
            byte[] bytes = base64Encoded ? java.util.Base64.getDecoder().decode(body)
                    : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>();
            Iterator<String> it = Json.MAPPER.readTree(bytes).fieldNames();
            it.forEachRemaining(names::add);
            names.add("absent");
            return names;
        } catch (Exception e) {
            return List.of("absent");
        }
    }

    /** Reads every name with a reader picked by three bits of {@code readers}; objects are read recursively. */
    private static void read(JsonFields fields, List<String> names, long readers, int depth) {
        int shift = 0;
        for (String name : names) {
            int reader = (int) ((readers >>> (shift % 60)) & 0xF);
            shift += 4;
            switch (reader) {
                case 0 -> fields.string(name);
                case 1 -> fields.optionalString(name);
                case 2 -> fields.integer(name);
                case 3 -> fields.optionalInteger(name);
                case 4 -> fields.smallInteger(name);
                case 5 -> fields.number(name);
                case 6 -> fields.optionalBoolean(name);
                case 7 -> fields.enumValue(name, BookingStatus.class);
                case 8 -> fields.optionalInstant(name);
                case 9 -> fields.strings(name, 5);
                case 10 -> fields.optionalObjects(name, 3).forEach(item -> item.optionalString("x"));
                case 11 -> {
                    JsonFields nested = fields.optionalObject(name);
                    if (nested != null && depth < 3) {
                        read(nested, List.of("x", "y", name), readers >>> 7, depth + 1);
                    }
                }
                case 12 -> fields.instant(name);
                case 13 -> fields.bool(name);
                case 14 -> fields.optionalNumber(name);
                default -> fields.optionalEnumValue(name, BookingStatus.class);
            }
        }
    }
}
