package com.safehold.domain.crypto;

/**
 * Port: a keyed, deterministic fingerprint of a personal value (a "blind index"), so that a record can be
 * found by an e-mail address without storing the address. Without the key the fingerprint reveals nothing
 * and cannot be brute-forced from a list of likely addresses. In AWS the key is a KMS HMAC key; locally it
 * comes from the local keyring.
 */
@FunctionalInterface
public interface BlindIndex {

    /**
     * @param purpose what the index is for (e.g. {@code login}); the same value gets unrelated fingerprints
     *                for different purposes
     * @param value   the personal value, already normalised
     * @return a fixed-length lower-case hex string
     */
    String of(String purpose, String value);
}
