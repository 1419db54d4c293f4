package com.safehold.api.lambdacrac;

/** A hook failed after a restore: Lambda would fail the invocation. */
public final class RestoreException extends Exception {}
