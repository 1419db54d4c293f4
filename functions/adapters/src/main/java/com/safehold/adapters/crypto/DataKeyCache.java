package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import com.safehold.domain.crypto.FieldDecryptionException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * Reuses data keys within {@link KeyCacheLimits} so KMS is called rarely (SPEC 4.7; the KMS request quota).
 *
 * <p>Encryption uses one current key until it reaches {@code maxAge} or {@code maxUses}, then generates the
 * next. Decryption keeps unwrapped keys by their wrapped bytes for {@code maxAge}, at most
 * {@code maxCachedKeys} of them, dropping the oldest first; a freshly generated key is put there too, so
 * reading back what this instance wrote needs no unwrap. Ages come from the domain {@link Clock}.
 *
 * <p>Thread-safe. Each side holds its lock while it calls the {@link DataKeySource}, so concurrent callers
 * wait for one {@code GenerateDataKey} instead of each making their own. Lambda runs one request at a time
 * per environment, so the locks are only ever contended on the local platform.
 */
final class DataKeyCache {

    /** A usable data key: the AES key and its wrapped form (never modified; shared between callers). */
    record CachedKey(SecretKey key, byte[] wrapped, Instant created) {}

    private final DataKeySource source;
    private final Clock clock;
    private final KeyCacheLimits limits;

    private final Object encryptionLock = new Object();
    private CachedKey current; // guarded by encryptionLock
    private long currentUses; // guarded by encryptionLock

    /** Unwrapped keys, oldest first (insertion order). Guarded by itself; taken after encryptionLock, never before. */
    private final LinkedHashMap<WrappedKey, CachedKey> unwrapped = new LinkedHashMap<>();

    DataKeyCache(DataKeySource source, Clock clock, KeyCacheLimits limits) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The key to encrypt one more field with, counted as one use. */
    CachedKey forEncryption() {
        synchronized (encryptionLock) {
            Instant now = clock.now();
            if (current == null || !isFresh(current, now) || currentUses >= limits.maxUses()) {
                DataKey generated = source.generate();
                current = new CachedKey(AesGcm.key(generated.plaintext()), generated.wrapped(), now);
                currentUses = 0;
                remember(new WrappedKey(current.wrapped()), current);
            }
            currentUses++;
            return current;
        }
    }

    /**
     * The AES key inside {@code wrapped}.
     *
     * @throws FieldDecryptionException if the source refuses it, or it does not hold an AES-256 key
     */
    SecretKey forDecryption(byte[] wrapped) {
        WrappedKey id = new WrappedKey(wrapped.clone());
        synchronized (unwrapped) {
            Instant now = clock.now();
            CachedKey cached = unwrapped.get(id);
            if (cached != null && isFresh(cached, now)) {
                return cached.key();
            }
            byte[] plaintext = source.unwrap(id.bytes());
            if (plaintext.length != AesGcm.KEY_BYTES) {
                throw new FieldDecryptionException("unwrapped data key has " + plaintext.length + " bytes, not "
                        + AesGcm.KEY_BYTES, null);
            }
            CachedKey opened = new CachedKey(AesGcm.key(plaintext), id.bytes(), now);
            remember(id, opened);
            return opened.key();
        }
    }

    private void remember(WrappedKey id, CachedKey key) {
        synchronized (unwrapped) {
            unwrapped.remove(id); // re-insert at the young end
            unwrapped.put(id, key);
            Instant now = clock.now();
            Iterator<Map.Entry<WrappedKey, CachedKey>> oldestFirst = unwrapped.entrySet().iterator();
            while (oldestFirst.hasNext()) {
                CachedKey oldest = oldestFirst.next().getValue();
                if (unwrapped.size() <= limits.maxCachedKeys() && isFresh(oldest, now)) {
                    break;
                }
                oldestFirst.remove();
            }
        }
    }

    private boolean isFresh(CachedKey key, Instant now) {
        return now.isBefore(key.created().plus(limits.maxAge()));
    }

    /** Wrapped-key bytes as a map key: equal by content. The array is never modified. */
    private record WrappedKey(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof WrappedKey that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "WrappedKey[" + bytes.length + " bytes]";
        }
    }
}
