package com.safehold.local;

import com.safehold.adapters.Deployment;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.domain.crypto.CryptoShredder;
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
 * cognito-local, data keys are made by the local keyring and kept in the {@code keys} table, blind indexes are keyed from the local keyring, escrow commands go to ElasticMQ, notifications
 * to the outbox, and money to the sandbox payment provider.
 */
record LocalDeployment(LocalClock clock, Ids ids, DynamoDbClient dynamoDb, PersonKeyring personKeys,
        IdentityProvider identityProvider, BlindIndex blindIndex, CommandRelay commandRelay, Notifier notifier,
        PaymentProvider paymentProvider) implements Deployment {

    /** This deployment with its own key cache, as each Lambda function has in its own environments. */
    LocalDeployment withKeys(PersonKeyring keys) {
        return new LocalDeployment(clock, ids, dynamoDb, keys, identityProvider, blindIndex, commandRelay, notifier,
                paymentProvider);
    }

    @Override
    public FieldCipher fieldCipher() {
        return new EnvelopeFieldCipher(personKeys);
    }

    @Override
    public CryptoShredder cryptoShredder() {
        return personKeys;
    }

    @Override
    public String tableName(TableDef table) {
        return table.name();
    }
}
