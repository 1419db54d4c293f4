package com.safehold.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.verification.CallScript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The call speaks the number's language with a matching voice, and reads the code slowly, digit by digit, twice. */
class CallScriptTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "DE, de-DE, Vicki, Ihr Bestätigungscode lautet:",
            "AT, de-DE, Vicki, Ihr Bestätigungscode lautet:",
            "CH, de-DE, Vicki, Ihr Bestätigungscode lautet:",
            "FR, fr-FR, Lea,   Votre code de vérification est :",
            "BE, fr-FR, Lea,   Votre code de vérification est :",
            "IT, it-IT, Bianca, Il suo codice di verifica è:",
            "ES, es-ES, Lucia, Su código de verificación es:",
            "US, en-GB, Amy,   Your verification code is:",
            "GB, en-GB, Amy,   Your verification code is:",
            "JP, en-GB, Amy,   Your verification code is:",
    })
    void speaksTheNumbersLanguage_withItsVoice(String region, String language, String voice, String intro) {
        CallScript.Script script = CallScript.of(CallScript.languageFor(region), "305");

        assertThat(script.language()).isEqualTo(language);
        assertThat(script.voice()).isEqualTo(voice);
        assertThat(script.ssml()).contains(intro);
        assertThat(script.text()).startsWith(script.ssml().substring("<speak><prosody rate=\"slow\">".length(),
                script.ssml().indexOf("<break")) + " 3 0 5.");
    }

    @org.junit.jupiter.api.Test
    void theCodeIsReadSlowly_digitByDigit_twice_andNothingElseIsSpokenInside() {
        CallScript.Script script = CallScript.of("en-GB", "407193");
        String digits = "<say-as interpret-as=\"digits\">4</say-as><break time=\"700ms\"/>"
                + "<say-as interpret-as=\"digits\">0</say-as><break time=\"700ms\"/>"
                + "<say-as interpret-as=\"digits\">7</say-as><break time=\"700ms\"/>"
                + "<say-as interpret-as=\"digits\">1</say-as><break time=\"700ms\"/>"
                + "<say-as interpret-as=\"digits\">9</say-as><break time=\"700ms\"/>"
                + "<say-as interpret-as=\"digits\">3</say-as><break time=\"700ms\"/>";

        assertThat(script.ssml()).isEqualTo("<speak><prosody rate=\"slow\">Hello. This is Safehold. Your verification"
                + " code is:<break time=\"500ms\"/>" + digits + "<break time=\"1s\"/>Once more, your code is:"
                + "<break time=\"500ms\"/>" + digits + "</prosody>Goodbye.</speak>");
        assertThat(script.text()).isEqualTo("Hello. This is Safehold. Your verification code is: 4 0 7 1 9 3."
                + " Once more, your code is: 4 0 7 1 9 3. Goodbye.");
        assertThat(script.toString()).doesNotContain("4").doesNotContain("407193");
    }
}
