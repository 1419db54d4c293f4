package com.safehold.adapters.dynamodb;

import com.safehold.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates catalog tables in DynamoDB Local (the local platform and tests). In AWS the CDK app creates them
 * from the same {@link TableDef}s.
 */
public final class TableProvisioner {

    private TableProvisioner() {}

    /** Creates the table unless it exists. */
    public static void create(DynamoDbClient dynamoDb, TableDef table, String physicalName) {
        try {
            dynamoDb.createTable(request(table, physicalName));
        } catch (ResourceInUseException exists) {
            // already there: provisioning is idempotent
        }
    }

    static CreateTableRequest request(TableDef table, String physicalName) {
        List<String> attributes = new ArrayList<>();
        attributes.add(table.partitionKey());
        if (table.sortKey() != null) {
            attributes.add(table.sortKey());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableDef.IndexDef index : table.indexes()) {
            addIfAbsent(attributes, index.partitionKey());
            if (index.sortKey() != null) {
                addIfAbsent(attributes, index.sortKey());
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                    .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                    .build());
        }
        var builder = CreateTableRequest.builder()
                .tableName(physicalName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(table.partitionKey(), table.sortKey()))
                .attributeDefinitions(attributes.stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a)
                                .attributeType(ScalarAttributeType.S).build())
                        .toList());
        if (!indexes.isEmpty()) {
            builder.globalSecondaryIndexes(indexes);
        }
        return builder.build();
    }

    private static List<KeySchemaElement> keySchema(String partitionKey, String sortKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        }
        return keys;
    }

    private static void addIfAbsent(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
