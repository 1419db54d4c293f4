package com.safehold.domain.verification;

import java.util.Map;

/**
 * What the call says (SPEC 4.8): a greeting in the number's language, then the code read slowly, digit by
 * digit, twice. As SSML for the speech engine, and as plain text (the local outbox, logs never).
 */
public final class CallScript {

    /** The words of one language, and the voice that speaks it. */
    record Words(String language, String voice, String intro, String again, String bye) {}

    private static final Words ENGLISH = new Words("en-GB", "Amy", "Hello. This is Safehold. Your verification code is:",
            "Once more, your code is:", "Goodbye.");
    private static final Words GERMAN = new Words("de-DE", "Vicki", "Hallo. Hier ist Safehold. Ihr Bestätigungscode lautet:",
            "Noch einmal, Ihr Code lautet:", "Auf Wiederhören.");
    private static final Words FRENCH = new Words("fr-FR", "Lea", "Bonjour. Ici Safehold. Votre code de vérification est :",
            "Je répète, votre code est :", "Au revoir.");
    private static final Words ITALIAN = new Words("it-IT", "Bianca", "Buongiorno. Qui Safehold. Il suo codice di verifica è:",
            "Ripeto, il suo codice è:", "Arrivederci.");
    private static final Words SPANISH = new Words("es-ES", "Lucia", "Hola. Le llama Safehold. Su código de verificación es:",
            "Repito, su código es:", "Adiós.");
    private static final Map<String, Words> BY_COUNTRY = Map.ofEntries(
            Map.entry("DE", GERMAN), Map.entry("AT", GERMAN), Map.entry("CH", GERMAN), Map.entry("LI", GERMAN),
            Map.entry("FR", FRENCH), Map.entry("BE", FRENCH), Map.entry("LU", FRENCH), Map.entry("MC", FRENCH),
            Map.entry("IT", ITALIAN), Map.entry("SM", ITALIAN), Map.entry("ES", SPANISH));

    private CallScript() {}

    /** The call's text: SSML for the engine, plain text for people, the language and the voice. */
    public record Script(String language, String voice, String ssml, String text) {
        /** Never shows the code. */
        @Override
        public String toString() {
            return "Script[" + language + ", " + voice + "]";
        }
    }

    /** The language a number in {@code region} is called in. */
    public static String languageFor(String region) {
        return BY_COUNTRY.getOrDefault(region, ENGLISH).language();
    }

    public static Script of(String language, String code) {
        Words words = BY_COUNTRY.values().stream().filter(w -> w.language().equals(language)).findFirst()
                .orElse(ENGLISH);
        StringBuilder digits = new StringBuilder();
        StringBuilder spoken = new StringBuilder();
        for (char digit : code.toCharArray()) {
            digits.append("<say-as interpret-as=\"digits\">").append(digit).append("</say-as><break time=\"700ms\"/>");
            spoken.append(spoken.isEmpty() ? "" : " ").append(digit);
        }
        String ssml = "<speak><prosody rate=\"slow\">" + words.intro() + "<break time=\"500ms\"/>" + digits
                + "<break time=\"1s\"/>" + words.again() + "<break time=\"500ms\"/>" + digits + "</prosody>"
                + words.bye() + "</speak>";
        String text = words.intro() + " " + spoken + ". " + words.again() + " " + spoken + ". " + words.bye();
        return new Script(words.language(), words.voice(), ssml, text);
    }
}
