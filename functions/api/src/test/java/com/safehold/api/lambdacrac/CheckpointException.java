package com.safehold.api.lambdacrac;

/** A hook failed before the snapshot: Lambda would fail the version. */
public final class CheckpointException extends Exception {}
