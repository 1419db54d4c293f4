package com.safehold.adapters.crypto;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where each person's wrapped data key is kept: one record per person, never copied into the fields it
 * encrypts (DynamoDB table {@code keys}, {@code DynamoDbPersonKeyVault}). Deleting the key here is the
 * crypto-shredding of SPEC 4.7, so this store has no backups of its own (docs/decisions/0011-per-person-keys.md).
 */
public interface PersonKeyVault {

    /** The person's key record, or empty if none was ever made. */
    Optional<StoredKey> find(UserId owner);

    /**
     * Stores the first key of a person.
     *
     * @return false if the person already has a record (another writer was first, or they were erased)
     */
    boolean create(UserId owner, byte[] wrapped, Instant at);

    /** Replaces the person's key, if any, by a record that it was destroyed at {@code at}; idempotent. */
    void shred(UserId owner, Instant at);

    /**
     * A person's key record.
     *
     * @param wrapped    the data key wrapped by the {@link DataKeySource}, or null once destroyed
     * @param shreddedAt when it was destroyed, or null
     */
    record StoredKey(byte[] wrapped, Instant shreddedAt) {
        public boolean shredded() {
            return wrapped == null;
        }

        @Override
        public byte[] wrapped() {
            return wrapped == null ? null : wrapped.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StoredKey that && java.util.Arrays.equals(wrapped, that.wrapped)
                    && java.util.Objects.equals(shreddedAt, that.shreddedAt);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(wrapped);
        }

        @Override
        public String toString() {
            return shredded() ? "StoredKey[shredded at " + shreddedAt + "]" : "StoredKey[" + wrapped.length + " bytes]";
        }
    }
}
