package com.safehold.adapters.crypto;

import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.adapters.testing.DynamoDbLocalFixture;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.UserId;
import java.util.UUID;

/** The real key vault on the in-process DynamoDB Local; tests keep apart by using fresh owners. */
final class PersonKeyVaults {

    private PersonKeyVaults() {}

    static DynamoDbPersonKeyVault dynamoDbLocal() {
        return new DynamoDbPersonKeyVault(DynamoDbLocalFixture.client(), Tables.KEYS.name());
    }

    static UserId newOwner() {
        return new UserId(UUID.randomUUID().toString());
    }
}
