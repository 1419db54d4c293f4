package com.safehold.adapters;

import com.safehold.catalog.TableDef;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.domain.crypto.FieldCipher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a handler gets from where it runs: SDK clients, physical table names, the field cipher, the clock.
 * In AWS this is {@link AwsDeployment} (from environment variables); on the local platform and in tests
 * it points at DynamoDB Local, the local keyring and a movable clock. Every handler has a constructor
 * taking a {@code Deployment}; its no-argument constructor (used by Lambda) passes
 * {@link AwsDeployment#fromEnvironment()}. Handlers call these methods once, at init.
 */
public interface Deployment {

    Clock clock();

    Ids ids();

    DynamoDbClient dynamoDb();

    FieldCipher fieldCipher();

    /** Physical name of a table. */
    String tableName(TableDef table);

    /** Destroys a person's data key (erasure); the same keyring as {@link #fieldCipher()}, so its cache forgets too. */
    default CryptoShredder cryptoShredder() {
        throw new IllegalStateException("this deployment gives no access to the person keys");
    }

    /** The user pool, for functions that {@code managesAccounts()} (the auth function). */
    default IdentityProvider identityProvider() {
        throw new IllegalStateException("this deployment gives no access to the user pool");
    }

    /** Keyed fingerprints of personal values, for functions that {@code computesBlindIndexes()}. */
    default BlindIndex blindIndex() {
        throw new IllegalStateException("this deployment gives no blind-index key");
    }

    /** Sends escrow commands to the worker's queue (functions that produce to it). */
    default CommandRelay commandRelay() {
        throw new IllegalStateException("this deployment gives no escrow queue");
    }

    /** Tells parties about their bookings (SNS in AWS, the outbox locally). */
    default Notifier notifier() {
        throw new IllegalStateException("this deployment gives no notification channel");
    }

    /** Queues verification calls for the worker (the verification function). */
    default com.safehold.domain.verification.CallQueue callQueue() {
        throw new IllegalStateException("this deployment gives no call queue");
    }

    /** Places voice calls (the verification worker: SMS & Voice v2 in AWS, the outbox locally). */
    default com.safehold.domain.verification.VoiceCalls voiceCalls() {
        throw new IllegalStateException("this deployment gives no voice calls");
    }

    /** The payment provider behind escrow (the escrow worker only). */
    default PaymentProvider paymentProvider() {
        throw new IllegalStateException("this deployment gives no payment provider");
    }
}
