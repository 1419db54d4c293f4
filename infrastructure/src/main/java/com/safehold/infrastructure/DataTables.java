package com.safehold.infrastructure;

import com.safehold.catalog.TableDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * One DynamoDB table per {@link TableDef}: on-demand, encrypted with the stack's customer-managed key,
 * point-in-time recovery on (except where {@link TableDef#backedUp()} is false: the per-person keys), deletion
 * protection on and retained on stack deletion, because these tables hold bookings, escrow ledgers, consent
 * receipts and the keys to personal data. CloudFormation chooses the physical names; functions
 * learn them from environment variables.
 */
final class DataTables extends Construct {

    private final Map<TableDef, Table> tables = new LinkedHashMap<>();

    DataTables(Construct scope, String id, List<TableDef> definitions, IKey key) {
        super(scope, id);
        for (TableDef definition : definitions) {
            tables.put(definition, create(definition, key));
        }
    }

    Table table(TableDef definition) {
        Table table = tables.get(definition);
        if (table == null) {
            throw new IllegalArgumentException("table " + definition.name() + " is not in the catalog");
        }
        return table;
    }

    private Table create(TableDef definition, IKey key) {
        Table table = Table.Builder.create(this, ConstructNames.pascal(definition.name()))
                .partitionKey(stringAttribute(definition.partitionKey()))
                .sortKey(definition.sortKey() == null ? null : stringAttribute(definition.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(definition.backedUp())
                        .build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .timeToLiveAttribute(definition.ttlAttribute())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        if (!definition.backedUp()) {
            NagJustifications.tableWithoutBackups(table);
        }
        for (TableDef.IndexDef index : definition.indexes()) {
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(stringAttribute(index.partitionKey()))
                    .sortKey(index.sortKey() == null ? null : stringAttribute(index.sortKey()))
                    .projectionType(ProjectionType.KEYS_ONLY)
                    .build());
        }
        return table;
    }

    private static Attribute stringAttribute(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
