package com.safehold.domain.verification;

/** Port: the verification policy (a document of its own in the settings table). */
public interface PolicyStore {

    /** The current policy; {@link VerificationPolicy#DEFAULT} until an admin sets one. */
    VerificationPolicy current();

    void save(VerificationPolicy policy);
}
