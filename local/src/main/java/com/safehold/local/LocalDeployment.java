package com.safehold.local;

import com.safehold.adapters.Deployment;
import com.safehold.catalog.TableDef;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.crypto.FieldCipher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment every handler gets on the local platform: DynamoDB Local over loopback HTTP (the same SDK
 * path as in AWS), the local keyring instead of KMS, and the movable {@link LocalClock}. Physical table
 * names are the catalog's logical names, so tables are easy to inspect on port 8000. The user pool is
 * cognito-local, and blind indexes are keyed from the local keyring.
 */
record LocalDeployment(LocalClock clock, Ids ids, DynamoDbClient dynamoDb, FieldCipher fieldCipher,
        IdentityProvider identityProvider, BlindIndex blindIndex) implements Deployment {

    @Override
    public String tableName(TableDef table) {
        return table.name();
    }
}
