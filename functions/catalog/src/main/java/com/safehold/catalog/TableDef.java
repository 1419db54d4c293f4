package com.safehold.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One DynamoDB table: its logical name, key schema, secondary indexes and TTL attribute. All key
 * attributes are strings. The physical name is chosen by the deployment (CDK) or the local platform and
 * handed to the functions in the environment variable {@link #environmentVariable()}.
 *
 * @param name         logical name, lower case, e.g. {@code offers}
 * @param partitionKey partition key attribute (type S)
 * @param sortKey      sort key attribute (type S), or {@code null}
 * @param indexes      global secondary indexes
 * @param ttlAttribute attribute holding the expiry in epoch seconds, or {@code null}
 * @param backedUp     whether the deployment keeps backups (point-in-time recovery); false only where a
 *                     deletion must be final, such as the per-person data keys (crypto-shredding)
 */
public record TableDef(String name, String partitionKey, String sortKey, List<IndexDef> indexes, String ttlAttribute,
        boolean backedUp) {

    public TableDef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(partitionKey);
        indexes = List.copyOf(indexes);
    }

    /** A table with backups, as nearly all are. */
    public TableDef(String name, String partitionKey, String sortKey, List<IndexDef> indexes, String ttlAttribute) {
        this(name, partitionKey, sortKey, indexes, ttlAttribute, true);
    }

    /** Environment variable that carries this table's physical name to a function. */
    public String environmentVariable() {
        return "SAFEHOLD_TABLE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * A global secondary index. It projects the keys only (docs/decisions/0017-benchmarks-and-levers.md): an
     * index that copies every attribute is written again, in full, on every write of its item, which made
     * index writes three quarters of a booking's DynamoDB bill; readers fetch the items from the table.
     */
    public record IndexDef(String name, String partitionKey, String sortKey) {}
}
