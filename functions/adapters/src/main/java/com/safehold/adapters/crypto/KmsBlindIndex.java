package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import com.safehold.domain.crypto.BlindIndex;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * Blind indexes in AWS: KMS {@code GenerateMac} (HMAC-SHA256) under an HMAC key that never leaves KMS, so a
 * copy of the tables cannot be matched against a list of e-mail addresses.
 *
 * <p>Every login, signup and verification needs one, so each answer is kept for a short time ({@link #MAX_AGE},
 * at most {@link #MAX_ENTRIES}, oldest first out): a warm environment asks KMS once per distinct value per
 * window, so repeated logins — a user's, or a flood of wrong passwords against one address — cost no more KMS
 * requests however fast they come. A flood of distinct addresses still costs one request each: nothing can
 * index a value KMS has not seen (decision 0011, addendum 2026-11-23).
 *
 * <p>Holding the results in memory is acceptable: an index is no secret from this process (it is stored in
 * the tables as a key, and the environment may ask KMS for any index at will), and the cache is keyed not
 * by the plaintext but by an HMAC under a random key made at start and never stored, so the map itself
 * names no address. Entries die with the environment.
 */
public final class KmsBlindIndex implements BlindIndex {

    /** How long one index is reused. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** Indexes kept at once: about 200 bytes each. */
    public static final int MAX_ENTRIES = 10_000;

    private final KmsClient kms;
    private final String keyId;
    private final Clock clock;
    private final Duration maxAge;
    private final int maxEntries;
    private final SecretKeySpec cacheKey;
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>();

    private record Cached(String index, Instant until) {}

    public KmsBlindIndex(KmsClient kms, String keyId, Clock clock) {
        this(kms, keyId, clock, MAX_AGE, MAX_ENTRIES);
    }

    public KmsBlindIndex(KmsClient kms, String keyId, Clock clock, Duration maxAge, int maxEntries) {
        this.kms = Objects.requireNonNull(kms);
        this.keyId = Objects.requireNonNull(keyId);
        this.clock = Objects.requireNonNull(clock);
        if (maxAge.isNegative() || maxAge.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("a cache needs a positive age and room for one entry");
        }
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.cacheKey = new SecretKeySpec(random, "HmacSHA256");
    }

    @Override
    public String of(String purpose, String value) {
        byte[] message = message(purpose, value);
        String slot = slot(message);
        Instant now = clock.now();
        synchronized (cache) {
            Cached hit = cache.get(slot);
            if (hit != null && now.isBefore(hit.until())) {
                return hit.index();
            }
        }
        // outside the lock: a KMS call must not hold up the other values' lookups
        byte[] mac = kms.generateMac(r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(SdkBytes.fromByteArray(message))).mac().asByteArray();
        String index = HexFormat.of().formatHex(mac);
        synchronized (cache) {
            cache.remove(slot); // re-inserted last: insertion order is age order
            cache.put(slot, new Cached(index, now.plus(maxAge)));
            while (cache.size() > maxEntries) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return index;
    }

    /** {@code purpose NUL value} in UTF-8: purposes cannot collide with each other's values. */
    static byte[] message(String purpose, String value) {
        return (purpose + '\u0000' + value).getBytes(StandardCharsets.UTF_8);
    }

    private String slot(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }

    int cachedEntries() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
