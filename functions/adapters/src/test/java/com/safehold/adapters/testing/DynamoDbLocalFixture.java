package com.safehold.adapters.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.safehold.adapters.dynamodb.TableProvisioner;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-process DynamoDB Local per test JVM, with every catalog table created under its logical name.
 * Tests isolate themselves with fresh random ids, not fresh tables, so the suite stays fast.
 */
public final class DynamoDbLocalFixture {

    private static DynamoDbClient client;

    private DynamoDbLocalFixture() {}

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            DynamoDbClient created = DynamoDBEmbedded.create(true).dynamoDbClient();
            for (TableDef table : Tables.ALL) {
                TableProvisioner.create(created, table, table.name());
            }
            client = created;
        }
        return client;
    }
}
