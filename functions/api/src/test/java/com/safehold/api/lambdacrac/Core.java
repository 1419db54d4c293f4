package com.safehold.api.lambdacrac;

import java.util.List;

/**
 * A stand-in for the CRaC implementation of Lambda's Java runtime ({@code com.amazonaws.services.lambda.crac}),
 * which org.crac finds the way it finds this one: the JVM runs with {@code -Dorg.crac.Core.Compat=<package>}
 * (set for the api module's tests in its POM). {@link #checkpointRestore} runs what Lambda runs around a
 * snapshot: every {@code beforeCheckpoint}, last registered first, then every {@code afterRestore}, first
 * registered first. Nothing is snapshotted.
 */
public final class Core {

    private static final Context GLOBAL = new Context();

    private Core() {}

    public static Context getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        List<Resource> resources = GLOBAL.inRegistrationOrder();
        for (Resource resource : resources.reversed()) {
            try {
                resource.beforeCheckpoint(GLOBAL);
            } catch (Exception e) {
                CheckpointException failed = new CheckpointException();
                failed.addSuppressed(e);
                throw failed;
            }
        }
        for (Resource resource : resources) {
            try {
                resource.afterRestore(GLOBAL);
            } catch (Exception e) {
                RestoreException failed = new RestoreException();
                failed.addSuppressed(e);
                throw failed;
            }
        }
    }

    /** Forgets what earlier tests registered. */
    public static void reset() {
        GLOBAL.clear();
    }
}
