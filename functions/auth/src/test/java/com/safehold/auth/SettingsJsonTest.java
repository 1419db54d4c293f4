package com.safehold.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.api.Json;
import com.safehold.api.Problem;
import com.safehold.api.ProblemException;
import com.safehold.api.Problems;
import com.safehold.api.RequestBody;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.settings.LockoutPolicy;
import com.safehold.domain.settings.MfaRequirement;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {

    /** SPEC 4.2's document, verbatim. */
    private static final String SPEC_DOCUMENT = """
            {"passwordPolicy":{"minLength":12,"requireUppercase":true,"requireLowercase":true,\
            "requireDigits":true,"requireSymbols":true,"historySize":5},"lockout":{"maxFailedAttempts":5,"lockMinutes":15},\
            "mfa":{"customer":"OPTIONAL","provider":"REQUIRED","merchant":"REQUIRED","admin":"REQUIRED"},\
            "hipaaMode":false,"sessionTimeoutMinutes":60,"bookingFeePercent":10,"disputeObjectionHours":48,\
            "unclaimedEscrowHours":72,"retention":{"bookingsDays":365}}""";

    /** Every field differs from the defaults. */
    private static final PlatformSettings CHANGED = new PlatformSettings(
            new PasswordPolicy(20, false, false, false, false, 0), new LockoutPolicy(7, 42),
            Map.of(Role.CUSTOMER, MfaRequirement.REQUIRED, Role.PROVIDER, MfaRequirement.OPTIONAL,
                    Role.MERCHANT, MfaRequirement.OPTIONAL, Role.ADMIN, MfaRequirement.OPTIONAL,
                    Role.SUPPORT, MfaRequirement.OPTIONAL),
            true, 30, 12, 24, 96, 30);

    private static PlatformSettings parse(String json) {
        return SettingsJson.parse(RequestBody.parseObject(json, false));
    }

    private static ObjectNode rendered(PlatformSettings settings) {
        return Json.MAPPER.valueToTree(SettingsJson.render(settings));
    }

    /** What a client sends back after a GET: the document without the read-only {@code effective}. */
    private static String asPutBody(PlatformSettings settings) {
        ObjectNode document = rendered(settings);
        document.remove("effective");
        return document.toString();
    }

    @Test
    void theSpecsDocument_parsesToTheDefaults_withSupportRequired() {
        PlatformSettings parsed = parse(SPEC_DOCUMENT);
        assertThat(parsed).isEqualTo(PlatformSettings.DEFAULTS);
        assertThat(parsed.mfa().get(Role.SUPPORT)).isEqualTo(MfaRequirement.REQUIRED);
        assertThat(parse(SPEC_DOCUMENT.replace("\"admin\":\"REQUIRED\"",
                "\"admin\":\"REQUIRED\",\"support\":\"OPTIONAL\"")).mfa().get(Role.SUPPORT))
                .isEqualTo(MfaRequirement.OPTIONAL);
    }

    @Test
    void rendering_isTheSpecsShapeInTheSpecsOrder_plusSupportAndEffective() {
        ObjectNode defaults = rendered(PlatformSettings.DEFAULTS);
        assertThat(defaults.get("mfa").get("support").asText()).isEqualTo("REQUIRED");
        assertThat(Json.write(defaults.get("effective"))).isEqualTo("""
                {"mfaRequired":{"customer":false,"provider":true,"merchant":true,"admin":true,"support":true},\
                "sessionTimeoutMinutes":60}""");

        defaults.remove("effective");
        ((ObjectNode) defaults.get("mfa")).remove("support");
        assertThat(Json.write(defaults)).as("byte for byte, field order included").isEqualTo(SPEC_DOCUMENT);
    }

    @Test
    void effective_showsWhatHipaaModeForces() {
        ObjectNode hipaa = rendered(PlatformSettings.DEFAULTS.withHipaaMode(true));
        assertThat(hipaa.get("sessionTimeoutMinutes").asInt()).as("the setting itself is kept").isEqualTo(60);
        assertThat(hipaa.at("/effective/sessionTimeoutMinutes").asInt()).isEqualTo(15);
        for (Role role : Role.values()) {
            assertThat(hipaa.at("/effective/mfaRequired/" + role.groupName()).asBoolean()).as(role.name()).isTrue();
        }
        assertThat(hipaa.at("/mfa/customer").asText()).isEqualTo("OPTIONAL");
    }

    @Test
    void parseOfRender_isTheSameSettings_forTheDefaultsAndAChangedDocument() {
        assertThat(parse(asPutBody(PlatformSettings.DEFAULTS))).isEqualTo(PlatformSettings.DEFAULTS);
        assertThat(parse(asPutBody(CHANGED))).isEqualTo(CHANGED);
        PlatformSettings hipaaShort = CHANGED.withHipaaMode(true).withBookingFeePercent(0);
        assertThat(parse(asPutBody(hipaaShort))).isEqualTo(hipaaShort);
    }

    @Test
    void missingFields_areA400_namingEachPath() {
        assertErrors(doc -> doc.remove("lockout"), "lockout:missing_field");
        assertErrors(doc -> section(doc, "passwordPolicy").remove("historySize"), "passwordPolicy.historySize:missing_field");
        assertErrors(doc -> section(doc, "mfa").remove("provider"), "mfa.provider:missing_field");
        assertErrors(doc -> doc.remove("hipaaMode"), "hipaaMode:missing_field");
        assertErrors(doc -> section(doc, "retention").remove("bookingsDays"), "retention.bookingsDays:missing_field");
        assertErrors(doc -> doc.putNull("bookingFeePercent"), "bookingFeePercent:missing_field");
        assertErrors(doc -> doc.removeAll(), "passwordPolicy:missing_field", "lockout:missing_field",
                "mfa:missing_field", "hipaaMode:missing_field", "sessionTimeoutMinutes:missing_field",
                "bookingFeePercent:missing_field", "disputeObjectionHours:missing_field",
                "unclaimedEscrowHours:missing_field", "retention:missing_field");
    }

    @Test
    void aMissingSection_doesNotHideOrMisreportTheOtherSectionsFields() {
        assertErrors(doc -> {
            doc.remove("lockout");
            section(doc, "passwordPolicy").put("minLength", "12");
        }, "passwordPolicy.minLength:invalid_type", "lockout:missing_field");
    }

    @Test
    void wrongTypes_areA400_namingEachPath() {
        assertErrors(doc -> section(doc, "passwordPolicy").put("minLength", "12"), "passwordPolicy.minLength:invalid_type");
        assertErrors(doc -> section(doc, "passwordPolicy").put("minLength", 12.5), "passwordPolicy.minLength:invalid_type");
        assertErrors(doc -> doc.put("hipaaMode", "yes"), "hipaaMode:invalid_type");
        assertErrors(doc -> section(doc, "passwordPolicy").put("requireDigits", 1), "passwordPolicy.requireDigits:invalid_type");
        assertErrors(doc -> doc.put("sessionTimeoutMinutes", 1e9), "sessionTimeoutMinutes:invalid_type");
        assertErrors(doc -> doc.put("lockout", 5), "lockout:invalid_type");
        assertErrors(doc -> doc.putArray("retention").add(365), "retention:invalid_type");
        assertErrors(doc -> section(doc, "mfa").put("admin", true), "mfa.admin:invalid_type");
        assertErrors(doc -> doc.put("bookingFeePercent", 10_000_000_000L), "bookingFeePercent:out_of_range");
    }

    @Test
    void unknownFields_anywhere_areA400_namingEachPath() {
        assertErrors(doc -> doc.put("surprise", 1), "surprise:unknown_field");
        assertErrors(doc -> section(doc, "lockout").put("lockSeconds", 900), "lockout.lockSeconds:unknown_field");
        assertErrors(doc -> section(doc, "mfa").put("auditor", "REQUIRED"), "mfa.auditor:unknown_field");
        assertErrors(doc -> doc.set("effective", rendered(PlatformSettings.DEFAULTS).get("effective")),
                "effective:unknown_field");
    }

    @Test
    void unknownEnumValues_areA400_namingThePath() {
        assertErrors(doc -> section(doc, "mfa").put("customer", "SOMETIMES"), "mfa.customer:unknown_enum_value");
        assertErrors(doc -> section(doc, "mfa").put("provider", "required"), "mfa.provider:unknown_enum_value");
        assertErrors(doc -> section(doc, "mfa").put("support", "NEVER"), "mfa.support:unknown_enum_value");
    }

    @Test
    void valuesOutOfRange_areA400_fromTheDomain_namingEachPath() {
        assertErrors(doc -> section(doc, "lockout").put("maxFailedAttempts", 0), "lockout.maxFailedAttempts:out_of_range");
        assertErrors(doc -> section(doc, "passwordPolicy").put("minLength", 4), "passwordPolicy.minLength:out_of_range");
        assertErrors(doc -> doc.put("bookingFeePercent", -1), "bookingFeePercent:out_of_range");
        assertErrors(doc -> doc.put("bookingFeePercent", 51), "bookingFeePercent:out_of_range");
        assertErrors(doc -> doc.put("sessionTimeoutMinutes", 0), "sessionTimeoutMinutes:out_of_range");
        assertErrors(doc -> section(doc, "retention").put("bookingsDays", 0), "retention.bookingsDays:out_of_range");
        assertErrors(doc -> {
            section(doc, "lockout").put("lockMinutes", -5);
            doc.put("disputeObjectionHours", 0);
            doc.put("unclaimedEscrowHours", 100_000);
            section(doc, "passwordPolicy").put("historySize", 25);
        }, "passwordPolicy.historySize:out_of_range", "lockout.lockMinutes:out_of_range",
                "disputeObjectionHours:out_of_range", "unclaimedEscrowHours:out_of_range");
    }

    private static ObjectNode section(ObjectNode doc, String name) {
        return (ObjectNode) doc.get(name);
    }

    /**
     * Parses the spec's document after {@code change} and checks the answer is a 400 problem whose
     * {@code errors} are exactly {@code expected} ({@code field:code}), in order.
     */
    private static void assertErrors(Consumer<ObjectNode> change, String... expected) {
        ObjectNode doc;
        try {
            doc = (ObjectNode) Json.MAPPER.readTree(SPEC_DOCUMENT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        change.accept(doc);
        Throwable thrown = catchThrowable(() -> parse(doc.toString()));
        assertThat(thrown).as(doc.toString()).isNotNull();
        // Exactly what the API handler does: a ProblemException or a DomainException is a 4xx, anything else a 500.
        Problem problem = switch (thrown) {
            case ProblemException p -> p.problem();
            case DomainException d -> Problems.from(d);
            default -> throw new AssertionError("would be a 500", thrown);
        };
        assertThat(problem.status()).isEqualTo(400);
        JsonNode json = problem.toJson();
        List<String> errors = new ArrayList<>();
        json.get("errors").forEach(e -> errors.add(e.get("field").asText() + ":" + e.get("code").asText()));
        assertThat(errors).as(doc.toString()).containsExactly(expected);
        assertThat(json.get("code").asText()).isEqualTo(expected[0].substring(expected[0].indexOf(':') + 1));
    }
}
