package com.safehold.domain.crypto;

import com.safehold.domain.common.UserId;

/**
 * Port: destroys one person's data key (SPEC 4.7, crypto-shredding). Afterwards every field ever encrypted
 * for them, in the tables and in any backup or copy, fails to decrypt with {@link FieldErasedException},
 * and nothing new can be encrypted for them.
 */
@FunctionalInterface
public interface CryptoShredder {

    /** Destroys {@code owner}'s key; idempotent. */
    void shred(UserId owner);
}
