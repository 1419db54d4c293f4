package com.safehold.adapters.dynamodb;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Conditional transactions whose refusals mean something: which write's condition failed. */
final class Transactions {

    /** A conflicting transaction on the same items has decided by the next try; five is plenty. */
    static final int ATTEMPTS = 5;
    /** The first backoff's ceiling; it doubles per try (full jitter), so four waits add up to at most 150 ms. */
    static final long BASE_BACKOFF_MILLIS = 10;

    private Transactions() {}

    /**
     * Runs the transaction, again when it only conflicted with another one, after a jittered wait: transactions
     * that conflicted at once and retried at once would meet again.
     *
     * @return -1 when it was written, else the index of the first write whose condition failed (nothing written)
     * @throws TransactionCanceledException when it kept conflicting, or was cancelled for another reason
     */
    static int firstFailedCondition(DynamoDbClient dynamoDb, List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(writes));
                return -1;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                for (int i = 0; i < reasons.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        return i;
                    }
                }
                if (attempt == ATTEMPTS) {
                    throw cancelled; // conflicts every time: let the caller's retry decide (a 500, not a wrong answer)
                }
                backOff(attempt);
            }
        }
    }

    /** Full jitter: a random wait below {@code BASE_BACKOFF_MILLIS * 2^(attempt-1)}. */
    private static void backOff(int attempt) {
        long ceiling = BASE_BACKOFF_MILLIS << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off a transaction conflict", interrupted);
        }
    }
}
