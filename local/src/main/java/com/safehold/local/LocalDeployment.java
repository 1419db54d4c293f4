package com.safehold.local;

import com.safehold.adapters.Deployment;
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
 * cognito-local, blind indexes are keyed from the local keyring, escrow commands go to ElasticMQ, notifications
 * to the outbox, and money to the sandbox payment provider.
 */
record LocalDeployment(LocalClock clock, Ids ids, DynamoDbClient dynamoDb, FieldCipher fieldCipher,
        IdentityProvider identityProvider, BlindIndex blindIndex, CommandRelay commandRelay, Notifier notifier,
        PaymentProvider paymentProvider) implements Deployment {

    @Override
    public String tableName(TableDef table) {
        return table.name();
    }
}
