package com.safehold.adapters.crypto;

import com.safehold.domain.common.Clock;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.domain.crypto.FieldDecryptionException;
import com.safehold.domain.crypto.FieldErasedException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Each person's data key (SPEC 4.7): made on first use, kept wrapped in the {@link PersonKeyVault}, cached
 * unwrapped within {@link KeyCacheLimits}, destroyed by {@link #shred}.
 *
 * <p>KMS cost: one {@code GenerateDataKey} per person ever, plus one {@code Decrypt} per person per
 * environment per {@code maxAge} — bounded by the people an environment touches, not by its request rate.
 * That a person was erased is cached too (it is final), so reading an erased person's old messages calls
 * nothing.
 *
 * <p>Thread-safe. Loading holds a lock striped by person, so concurrent callers for one person wait for one
 * vault read and one KMS call, while other people proceed. Lambda runs one request at a time per
 * environment, so the locks are only ever contended on the local platform.
 */
public final class PersonKeyring implements CryptoShredder {

    private static final int STRIPES = 64;

    /** An unwrapped key, or the fact that it was destroyed ({@code key == null}), as of {@code loaded}. */
    private record Cached(SecretKey key, Instant loaded) {}

    private final DataKeySource source;
    private final PersonKeyVault vault;
    private final Clock clock;
    private final KeyCacheLimits limits;
    private final Object[] stripes = new Object[STRIPES];
    /** Oldest first (insertion order). Guarded by itself; never held while calling the vault or KMS. */
    private final LinkedHashMap<UserId, Cached> cache = new LinkedHashMap<>();

    public PersonKeyring(DataKeySource source, PersonKeyVault vault, Clock clock, KeyCacheLimits limits) {
        this.source = Objects.requireNonNull(source, "source");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * The key to encrypt {@code owner}'s fields with, made and stored on first use.
     *
     * @throws FieldErasedException if the owner's key was destroyed
     */
    SecretKey forEncryption(UserId owner) {
        return key(owner, true);
    }

    /**
     * The key that opens {@code owner}'s fields.
     *
     * @throws FieldErasedException     if it was destroyed
     * @throws FieldDecryptionException if the owner never had one, or the source refuses the stored key
     */
    SecretKey forDecryption(UserId owner) {
        return key(owner, false);
    }

    /** Destroys the owner's key in the vault and in this environment's cache. */
    @Override
    public void shred(UserId owner) {
        Objects.requireNonNull(owner, "owner");
        synchronized (stripe(owner)) {
            Instant now = clock.now();
            vault.shred(owner, now);
            remember(owner, new Cached(null, now));
        }
    }

    private SecretKey key(UserId owner, boolean create) {
        Objects.requireNonNull(owner, "owner");
        Cached cached = fresh(owner);
        if (cached == null) {
            synchronized (stripe(owner)) {
                cached = fresh(owner);
                if (cached == null) {
                    cached = new Cached(load(owner, create), clock.now());
                    remember(owner, cached);
                }
            }
        }
        if (cached.key() == null) {
            throw new FieldErasedException("the owner's data key was destroyed (erasure)");
        }
        return cached.key();
    }

    /** The owner's unwrapped key, or null if it was destroyed. */
    private SecretKey load(UserId owner, boolean create) {
        Optional<PersonKeyVault.StoredKey> stored = vault.find(owner);
        if (stored.isEmpty()) {
            if (!create) {
                throw new FieldDecryptionException("no data key exists for the owner", null);
            }
            DataKey fresh = source.generate(owner);
            if (vault.create(owner, fresh.wrapped(), clock.now())) {
                return AesGcm.key(fresh.plaintext());
            }
            // Another writer stored the first key meanwhile (or the owner was just erased): use what is stored.
            stored = vault.find(owner);
            if (stored.isEmpty()) {
                throw new IllegalStateException("the key vault refused a first key but holds none");
            }
        }
        if (stored.get().shredded()) {
            return null;
        }
        byte[] plaintext = source.unwrap(stored.get().wrapped(), owner);
        if (plaintext.length != AesGcm.KEY_BYTES) {
            throw new FieldDecryptionException("unwrapped data key has " + plaintext.length + " bytes, not "
                    + AesGcm.KEY_BYTES, null);
        }
        return AesGcm.key(plaintext);
    }

    private Cached fresh(UserId owner) {
        synchronized (cache) {
            Cached cached = cache.get(owner);
            return cached != null && isFresh(cached, clock.now()) ? cached : null;
        }
    }

    private void remember(UserId owner, Cached entry) {
        synchronized (cache) {
            cache.remove(owner); // re-insert at the young end
            cache.put(owner, entry);
            Instant now = clock.now();
            Iterator<Map.Entry<UserId, Cached>> oldestFirst = cache.entrySet().iterator();
            while (oldestFirst.hasNext()) {
                Cached oldest = oldestFirst.next().getValue();
                if (cache.size() <= limits.maxCachedKeys() && isFresh(oldest, now)) {
                    break;
                }
                oldestFirst.remove();
            }
        }
    }

    private boolean isFresh(Cached cached, Instant now) {
        return now.isBefore(cached.loaded().plus(limits.maxAge()));
    }

    private Object stripe(UserId owner) {
        return stripes[Math.floorMod(owner.hashCode(), STRIPES)];
    }
}
