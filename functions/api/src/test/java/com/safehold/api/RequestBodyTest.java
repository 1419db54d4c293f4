package com.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    enum Colour { RED, GREEN }

    @Test
    void everyWayABodyCanBeBroken_isA400Problem_withItsOwnCode() {
        assertThat(problem(null).code()).isEqualTo("missing_body");
        assertThat(problem("").code()).isEqualTo("missing_body");
        assertThat(problem("{\"a\":").code()).isEqualTo("malformed_json");
        assertThat(problem("{\"a\":1}}").code()).isEqualTo("malformed_json");
        assertThat(problem("[1,2]").code()).isEqualTo("invalid_type");
        assertThat(problem("\"text\"").code()).isEqualTo("invalid_type");
        assertThat(problem("{\"a\":1,\"a\":2}").code()).isEqualTo("malformed_json"); // duplicate key
        assertThat(problem("[".repeat(100) + "]".repeat(100)).code()).isIn("malformed_json", "invalid_type");
        Problem tooLarge = problem("{\"a\":\"" + "x".repeat(RequestBody.MAX_BYTES) + "\"}");
        assertThat(tooLarge.code()).isEqualTo("body_too_large");
        assertThat(tooLarge.status()).isEqualTo(400);
    }

    @Test
    void stringLists_areReadWhole_orReportedByTheirFirstProblem() {
        JsonFields ok = RequestBody.parseObject("{\"ids\":[\"a\",\"b\"]}", false);
        assertThat(ok.strings("ids", 3)).containsExactly("a", "b");
        ok.finish();

        JsonFields bad = RequestBody.parseObject(
                "{\"empty\":[],\"long\":[\"a\",\"b\"],\"mixed\":[\"a\",1],\"scalar\":\"a\"}", false);
        assertThat(bad.strings("empty", 3)).isNull();
        assertThat(bad.strings("long", 1)).isNull();
        assertThat(bad.strings("mixed", 3)).isNull();
        assertThat(bad.strings("scalar", 3)).isNull();
        assertThat(bad.strings("missing", 3)).isNull();
        var violations = catchThrowableOfType(ValidationException.class, bad::finish).violations();
        assertThat(violations).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("empty", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("long", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("mixed[1]", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("scalar", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("missing", "missing_field"));
    }

    @Test
    void malformedJson_detail_neverEchoesTheInput() {
        Problem p = problem("{\"email\": \"secret@example.com\" oops}");
        assertThat(p.detail()).doesNotContain("secret").contains("line 1");
    }

    @Test
    void base64Bodies_areDecoded_andStillSizeChecked() {
        String encoded = Base64.getEncoder().encodeToString("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        JsonFields fields = RequestBody.parseObject(encoded, true);
        assertThat(fields.string("a")).isEqualTo("b");
        String huge = Base64.getEncoder().encodeToString(new byte[RequestBody.MAX_BYTES + 10]);
        assertThat(catchThrowableOfType(ProblemException.class, () -> RequestBody.parseObject(huge, true))
                .problem().code()).isEqualTo("body_too_large");
    }

    @Test
    void typedReads_collectEveryViolation_includingNestedAndUnknownFields() {
        JsonFields f = RequestBody.parseObject("""
                {"name": 5, "count": 1.5, "big": 99999999999999999999, "colour": "BLUE",
                 "inner": {"n": "x", "extra": true}, "items": [{"id": 1}, 7], "stray": null, "typo": 1}
                """, false);
        f.string("name");
        f.integer("count");
        f.integer("big");
        f.enumValue("colour", Colour.class);
        JsonFields inner = f.object("inner");
        inner.integer("n");
        for (JsonFields item : f.optionalObjects("items", 5)) {
            item.string("id");
        }
        f.string("missing");
        f.optionalString("stray"); // JSON null is absent
        ValidationException e = catchThrowableOfType(ValidationException.class, f::finish);
        assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("name", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("count", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("big", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("colour", "unknown_enum_value"),
                org.assertj.core.groups.Tuple.tuple("inner.n", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("items[1]", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("items[0].id", "invalid_type"),
                org.assertj.core.groups.Tuple.tuple("missing", "missing_field"),
                org.assertj.core.groups.Tuple.tuple("typo", "unknown_field"),
                org.assertj.core.groups.Tuple.tuple("inner.extra", "unknown_field"));
        assertThat(e.code()).isEqualTo("invalid_type");
        assertThat(Problem.invalid(e.violations()).toJson().get("errors")).hasSize(10);
    }

    @Test
    void aCleanDocument_finishesQuietly() {
        JsonFields f = RequestBody.parseObject("{\"n\": 3, \"c\": \"RED\", \"b\": true, \"d\": 1.25}", false);
        assertThat(f.integer("n")).isEqualTo(3L);
        assertThat(f.enumValue("c", Colour.class)).isEqualTo(Colour.RED);
        assertThat(f.optionalBoolean("b")).isTrue();
        assertThat(f.number("d")).isEqualTo(1.25);
        f.finish();
    }

    private static Problem problem(String body) {
        return catchThrowableOfType(ProblemException.class, () -> RequestBody.parseObject(body, false)).problem();
    }
}
