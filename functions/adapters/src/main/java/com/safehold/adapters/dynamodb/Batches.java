package com.safehold.adapters.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Batch reads and writes in DynamoDB's chunk sizes, retrying what DynamoDB leaves unprocessed. */
final class Batches {

    static final int MAX_GET = 100;
    static final int MAX_WRITE = 25;

    private Batches() {}

    /** Strongly consistent reads of every key in one table; missing items are simply absent. */
    static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamoDb, String table,
            List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_GET) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(from + MAX_GET, keys.size()))).consistentRead(true).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamoDb.batchGetItem(r -> r.requestItems(request));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.unprocessedKeys();
            }
        }
        return found;
    }

    /**
     * The items of {@code table} whose {@code owner} attribute is {@code value}, found through the keys-only
     * {@code index} on that attribute and read from the table (the index holds keys only), in index order.
     */
    static List<Map<String, AttributeValue>> ownedBy(DynamoDbClient dynamoDb, String table, String index, String owner,
            String value, String keyAttribute) {
        QueryRequest query = QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression("#owner = :v").expressionAttributeNames(Map.of("#owner", owner))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))).build();
        List<String> ids = new ArrayList<>();
        dynamoDb.queryPaginator(query).items().forEach(key -> ids.add(key.get(keyAttribute).s()));
        return getInOrder(dynamoDb, table, keyAttribute, ids);
    }

    /**
     * The items of a table whose partition key {@code keyAttribute} takes these values, in the order given,
     * read consistently: what a keys-only index query is followed by. Items gone meanwhile are left out.
     */
    static List<Map<String, AttributeValue>> getInOrder(DynamoDbClient dynamoDb, String table, String keyAttribute,
            List<String> ids) {
        List<Map<String, AttributeValue>> keys = ids.stream().distinct()
                .map(id -> Map.of(keyAttribute, AttributeValue.fromS(id))).toList();
        Map<String, Map<String, AttributeValue>> byId = new HashMap<>();
        for (Map<String, AttributeValue> item : getAll(dynamoDb, table, keys)) {
            byId.put(item.get(keyAttribute).s(), item);
        }
        return ids.stream().distinct().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Every write, in batches of 25. */
    static void writeAll(DynamoDbClient dynamoDb, String table, List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += MAX_WRITE) {
            Map<String, List<WriteRequest>> pending = new HashMap<>(
                    Map.of(table, writes.subList(from, Math.min(from + MAX_WRITE, writes.size()))));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }
}
