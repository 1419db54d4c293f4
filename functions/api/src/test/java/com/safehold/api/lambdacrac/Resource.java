package com.safehold.api.lambdacrac;

/** What org.crac registers here: a proxy that forwards to the application's {@code org.crac.Resource}. */
public interface Resource {

    void beforeCheckpoint(Context context) throws Exception;

    void afterRestore(Context context) throws Exception;
}
