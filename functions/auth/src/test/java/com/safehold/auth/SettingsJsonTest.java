package com.safehold.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.Json;
import com.safehold.api.Problems;
import com.safehold.api.ProblemException;
import com.safehold.api.RequestBody;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PlatformSettings;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {

    private static final String SPEC_DOCUMENT = """
            {"passwordPolicy":{"minLength":12,"requireUppercase":true,"requireLowercase":true,
            "requireDigits":true,"requireSymbols":true,"historySize":5},"lockout":{"maxFailedAttempts":5,"lockMinutes":15},
            "mfa":{"customer":"OPTIONAL","provider":"REQUIRED","merchant":"REQUIRED","admin":"REQUIRED"},
            "hipaaMode":false,"sessionTimeoutMinutes":60,"bookingFeePercent":10,"disputeObjectionHours":48,
            "unclaimedEscrowHours":72,"retention":{"bookingsDays":365}}""";

    private static PlatformSettings parse(String json) {
        return SettingsJson.parse(RequestBody.parseObject(json, false));
    }

    @Test
    void theSpecsDocument_isTheDefaults_andRenderingParsesBackToTheSame() throws Exception {
        assertThat(parse(SPEC_DOCUMENT)).isEqualTo(PlatformSettings.DEFAULTS);
        PlatformSettings changed = PlatformSettings.DEFAULTS.withHipaaMode(true).withBookingFeePercent(7)
                .withMfa(Role.SUPPORT, MfaRequirement.OPTIONAL);
        ObjectNode rendered = Json.MAPPER.valueToTree(SettingsJson.render(changed));
        assertThat(rendered.at("/effective/sessionTimeoutMinutes").asInt()).isEqualTo(15);
        assertThat(rendered.at("/effective/mfaRequired/support").asBoolean()).isTrue();
        rendered.remove("effective");
        assertThat(parse(rendered.toString())).isEqualTo(changed);
    }

    @Test
    void everyKindOfBadInput_isA400_namingTheField() {
        assertField(doc -> doc.remove("lockout"), "lockout", "missing_field");
        assertField(doc -> ((ObjectNode) doc.get("passwordPolicy")).remove("historySize"), "passwordPolicy.historySize",
                "missing_field");
        assertField(doc -> ((ObjectNode) doc.get("passwordPolicy")).put("minLength", "12"), "passwordPolicy.minLength",
                "invalid_type");
        assertField(doc -> doc.put("hipaaMode", "yes"), "hipaaMode", "invalid_type");
        assertField(doc -> doc.put("surprise", 1), "surprise", "unknown_field");
        assertField(doc -> ((ObjectNode) doc.get("mfa")).put("customer", "SOMETIMES"), "mfa.customer",
                "unknown_enum_value");
        assertField(doc -> ((ObjectNode) doc.get("lockout")).put("maxFailedAttempts", 0), "lockout.maxFailedAttempts",
                "out_of_range");
        assertField(doc -> ((ObjectNode) doc.get("passwordPolicy")).put("minLength", 4), "passwordPolicy.minLength",
                "out_of_range");
        assertField(doc -> doc.put("bookingFeePercent", -1), "bookingFeePercent", "out_of_range");
        assertField(doc -> doc.put("sessionTimeoutMinutes", 1e9), "sessionTimeoutMinutes", "invalid_type");
    }

    private static void assertField(Consumer<ObjectNode> change, String field, String code) {
        ObjectNode doc;
        try {
            doc = (ObjectNode) Json.MAPPER.readTree(SPEC_DOCUMENT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        change.accept(doc);
        assertThatThrownBy(() -> parse(doc.toString())).satisfies(e -> {
            var problem = e instanceof ProblemException p ? p.problem() : Problems.from((DomainException) e);
            assertThat(problem.status()).isEqualTo(400);
            assertThat(Json.write(problem.toJson())).contains("\"field\":\"" + field + "\"")
                    .contains("\"code\":\"" + code + "\"");
        });
    }
}
