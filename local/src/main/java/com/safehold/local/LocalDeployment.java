package com.safehold.local;

import com.safehold.adapters.Deployment;
import com.safehold.catalog.FunctionDef;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.VoiceCalls;
import java.util.function.Function;
import com.safehold.catalog.TableDef;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.crypto.FieldCipher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment every handler gets on the local platform: DynamoDB Local over loopback HTTP (the same SDK
 * path as in AWS), the local keyring instead of KMS, and the movable {@link LocalClock}. Physical table
 * names are the catalog's logical names, so tables are easy to inspect on port 8000. The user pool is
 * cognito-local, verification calls go through ElasticMQ to the outbox ({@code voice}), data keys are made by the local keyring and kept in the {@code keys} table, blind indexes are keyed from the local keyring, escrow commands go to ElasticMQ, notifications
 * to the outbox, and money to the sandbox payment provider.
 */
record LocalDeployment(FunctionDef function, LocalClock clock, Ids ids, DynamoDbClient dynamoDb, PersonKeyring personKeys,
        IdentityProvider identityProvider, BlindIndex blindIndex, CommandRelay commandRelay, Notifier notifier,
        PaymentProvider paymentProvider, Function<FieldCipher, CallQueue> callQueues, VoiceCalls voiceCalls)
        implements Deployment {

    /**
     * The deployment of one function: its own key cache, as each Lambda function has in its own environments,
     * and only the tables its catalog entry grants, as in AWS, where an ungranted table has no environment
     * variable.
     */
    LocalDeployment forFunction(FunctionDef definition, PersonKeyring keys) {
        return new LocalDeployment(definition, clock, ids, dynamoDb, keys, identityProvider, blindIndex, commandRelay, notifier,
                paymentProvider, callQueues, voiceCalls);
    }

    @Override
    public FieldCipher fieldCipher() {
        return new EnvelopeFieldCipher(personKeys);
    }

    /** Call requests to ElasticMQ, their number and code sealed with this function's cipher. */
    @Override
    public CallQueue callQueue() {
        return callQueues.apply(fieldCipher());
    }

    @Override
    public CryptoShredder cryptoShredder() {
        return personKeys;
    }

    @Override
    public String tableName(TableDef table) {
        if (function != null && !function.tables().containsKey(table)) {
            throw new IllegalStateException("function " + function.name() + " has no access to table " + table.name()
                    + " (not in its catalog entry)");
        }
        return table.name();
    }
}
