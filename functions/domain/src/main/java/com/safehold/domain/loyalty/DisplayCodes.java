package com.safehold.domain.loyalty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The rotating code on a store's screen (SPEC 4.9):
 * {@code D1.<storeId>.<programId>.<window>.<epoch>.<signature>}. The window is the 30-second slot it was
 * issued in; a scan accepts the current window and the one before. The signature is HMAC-SHA256 under the
 * store's secret over everything before it, cut to 128 bits, base64url. The program id is in the code so a
 * scan can read the store and the customer's card in one request.
 */
public final class DisplayCodes {

    public static final Duration WINDOW = Duration.ofSeconds(30);
    /** Longest code we try to parse: anything longer is refused before any work. */
    public static final int MAX_LENGTH = 200;

    private static final Pattern FORMAT = Pattern.compile(
            "D1\\.([a-z]{3}_[0-9a-f]{32})\\.([a-z]{3}_[0-9a-f]{32})\\.(\\d{1,12})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{22})");
    private static final int SIGNATURE_BYTES = 16;

    private DisplayCodes() {}

    /** A display code as read from a scan; {@link #signature} still unchecked. */
    public record Parsed(String storeId, String programId, long window, long epoch, byte[] signature, String signed) {}

    /** The code for {@code store} at {@code now}. */
    public static String issue(Store store, byte[] secret, Instant now) {
        String signed = "D1." + store.storeId() + "." + store.program().programId() + "." + window(now) + "."
                + store.codeEpoch();
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(secret, signed));
    }

    /** When a code issued at {@code now} stops being accepted: the end of the next window. */
    public static Instant expiresAt(Instant now) {
        return Instant.ofEpochSecond((window(now) + 2) * WINDOW.toSeconds());
    }

    public static long window(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), WINDOW.toSeconds());
    }

    /** The parts of a display code, or empty if it does not have the format. */
    public static Optional<Parsed> parse(String code) {
        if (code == null || code.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(code);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(m.group(5));
            // only the canonical spelling: the last character's unused bits must be zero, so no two codes
            // differ in text but not in signature
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(signature).equals(m.group(5))) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(m.group(1), m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    signature, code.substring(0, m.start(5) - 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** Constant-time check of the signature under the store's secret. */
    public static boolean signedBy(Parsed code, byte[] secret) {
        return MessageDigest.isEqual(mac(secret, code.signed()), code.signature());
    }

    private static byte[] mac(byte[] secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
