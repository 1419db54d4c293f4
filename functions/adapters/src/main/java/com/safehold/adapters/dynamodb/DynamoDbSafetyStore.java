package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.disputes.ChangeKind;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.DisputeReason;
import com.safehold.domain.disputes.Evidence;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.disputes.SafetyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Messages ({@code messages}: booking, time-ordered id), change requests ({@code change-requests}: booking,
 * id) and disputes ({@code disputes}, with the sparse {@code due} index for open objection windows). Texts and
 * statements are field-encrypted, bound to their item. A dispute opens, and is resolved, in one transaction
 * with its booking.
 */
public final class DynamoDbSafetyStore implements SafetyStore {

    private final DynamoDbClient dynamoDb;
    private final String messages;
    private final String changeRequests;
    private final String disputes;
    private final DynamoDbBookingStore bookings;
    private final EncryptedAttributes messageTexts;
    private final EncryptedAttributes changeTexts;
    private final EncryptedAttributes statements;

    public DynamoDbSafetyStore(DynamoDbClient dynamoDb, String messages, String changeRequests, String disputes,
            DynamoDbBookingStore bookings, FieldCipher cipher) {
        this.dynamoDb = dynamoDb;
        this.messages = messages;
        this.changeRequests = changeRequests;
        this.disputes = disputes;
        this.bookings = bookings;
        this.messageTexts = new EncryptedAttributes(cipher, "messages");
        this.changeTexts = new EncryptedAttributes(cipher, "change-requests");
        this.statements = new EncryptedAttributes(cipher, "disputes");
    }

    // ---- messages -----------------------------------------------------------------------------------------

    @Override
    public void addMessage(Message m) {
        String sortKey = DynamoDbBookingStore.sortable(m.at()) + "#" + m.messageId();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("bookingId", s(m.bookingId()));
        item.put("messageKey", s(sortKey));
        item.put("messageId", s(m.messageId()));
        item.put("senderId", s(m.senderId().value()));
        item.put("at", n(m.at().toEpochMilli()));
        messageTexts.put(item, m.senderId(), m.messageId(), "text", m.text());
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(messages).item(item)
                        .conditionExpression("attribute_not_exists(messageKey)")).build(),
                bookings.acceptsChildren(m.bookingId()));
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            // the booking was purged, or sealed for its purge, since it was read: it is gone for the sender too
            if ("ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(1).code())) {
                throw DomainException.notFound("booking");
            }
            throw DynamoDbBookingStore.conflictOrRethrow(cancelled);
        }
    }

    @Override
    public List<Message> messages(String bookingId) {
        List<Message> found = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(messages).consistentRead(true)
                .keyConditionExpression("bookingId = :b").expressionAttributeValues(Map.of(":b", s(bookingId))).build();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query).items()) {
            String id = Attributes.string(item, "messageId");
            UserId sender = new UserId(Attributes.string(item, "senderId"));
            found.add(new Message(bookingId, id, sender, messageTexts.get(item, sender, id, "text"), Instant.ofEpochMilli(Attributes.longValue(item, "at"))));
        }
        return found;
    }

    /**
     * Deletes everything said about a booking: its messages, change requests and disputes (statements,
     * objections, evidence ids). Idempotent: what is gone stays gone (the purge, SPEC 4.10).
     */
    public void deleteAll(String bookingId) {
        deleteByQuery(messages, "bookingId", "messageKey", "bookingId", null, bookingId);
        deleteByQuery(changeRequests, "bookingId", "changeRequestId", "bookingId", null, bookingId);
        deleteByQuery(disputes, "disputeId", null, "bookingId", "byBooking", bookingId);
    }

    private void deleteByQuery(String table, String partitionKey, String sortKey, String queryKey, String index,
            String bookingId) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(index == null)
                .keyConditionExpression(queryKey + " = :b").expressionAttributeValues(Map.of(":b", s(bookingId)));
        if (index != null) {
            query.indexName(index);
        }
        List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> deletes = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query.build()).items()) {
            Map<String, AttributeValue> key = new HashMap<>(Map.of(partitionKey, item.get(partitionKey)));
            if (sortKey != null) {
                key.put(sortKey, item.get(sortKey));
            }
            deletes.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                    .deleteRequest(d -> d.key(key)).build());
        }
        Batches.writeAll(dynamoDb, table, deletes);
    }

    // ---- change requests ----------------------------------------------------------------------------------

    @Override
    public void addChangeRequest(ChangeRequest c) {
        dynamoDb.putItem(r -> r.tableName(changeRequests).item(changeItem(c))
                .conditionExpression("attribute_not_exists(changeRequestId)"));
    }

    @Override
    public Optional<ChangeRequest> changeRequest(String bookingId, String changeRequestId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(changeRequests).consistentRead(true)
                .key(Map.of("bookingId", s(bookingId), "changeRequestId", s(changeRequestId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(change(item));
    }

    @Override
    public List<ChangeRequest> changeRequests(String bookingId) {
        List<ChangeRequest> found = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(changeRequests).consistentRead(true)
                .keyConditionExpression("bookingId = :b").expressionAttributeValues(Map.of(":b", s(bookingId))).build();
        dynamoDb.queryPaginator(query).items().forEach(item -> found.add(change(item)));
        found.sort(java.util.Comparator.comparing(ChangeRequest::at));
        return found;
    }

    @Override
    public void decide(ChangeRequest decided) {
        try {
            dynamoDb.putItem(r -> r.tableName(changeRequests).item(changeItem(decided))
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":pending", s(ChangeRequest.Status.PENDING.name()))));
        } catch (ConditionalCheckFailedException decidedMeanwhile) {
            throw new ConcurrentModificationException("change request decided meanwhile");
        }
    }

    private TransactWriteItem decidedPut(ChangeRequest decided) {
        return TransactWriteItem.builder().put(p -> p.tableName(changeRequests).item(changeItem(decided))
                .conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":pending", s(ChangeRequest.Status.PENDING.name())))).build();
    }

    private Map<String, AttributeValue> changeItem(ChangeRequest c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("bookingId", s(c.bookingId()));
        item.put("changeRequestId", s(c.changeRequestId()));
        item.put("requesterId", s(c.requesterId().value()));
        item.put("kind", s(c.kind().name()));
        item.put("contradictsTerms", AttributeValue.fromL(c.contradictsTerms().stream().map(Attributes::s).toList()));
        item.put("status", s(c.status().name()));
        item.put("at", n(c.at().toEpochMilli()));
        if (c.decidedAt() != null) {
            item.put("decidedAt", n(c.decidedAt().toEpochMilli()));
            item.put("decidedBy", s(c.decidedBy().value()));
        }
        if (c.receiptSha256() != null) {
            item.put("receiptSha256", s(c.receiptSha256()));
        }
        changeTexts.put(item, c.requesterId(), c.changeRequestId(), "text", c.text());
        return item;
    }

    private ChangeRequest change(Map<String, AttributeValue> item) {
        String id = Attributes.string(item, "changeRequestId");
        UserId requester = new UserId(Attributes.string(item, "requesterId"));
        return new ChangeRequest(Attributes.string(item, "bookingId"), id,
                requester, ChangeKind.valueOf(Attributes.string(item, "kind")),
                changeTexts.get(item, requester, id, "text"),
                item.get("contradictsTerms").l().stream().map(AttributeValue::s).toList(),
                ChangeRequest.Status.valueOf(Attributes.string(item, "status")),
                Instant.ofEpochMilli(Attributes.longValue(item, "at")),
                item.containsKey("decidedAt") ? Instant.ofEpochMilli(Attributes.longValue(item, "decidedAt")) : null,
                item.containsKey("decidedBy") ? new UserId(Attributes.string(item, "decidedBy")) : null,
                item.containsKey("receiptSha256") ? Attributes.string(item, "receiptSha256") : null);
    }

    // ---- disputes -----------------------------------------------------------------------------------------

    @Override
    public void open(Dispute dispute, Booking disputed, ChangeRequest rejected) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(disputes).item(disputeItem(dispute, 1))
                .conditionExpression("attribute_not_exists(disputeId)")).build());
        writes.addAll(bookings.bookingWrites(disputed));
        if (rejected != null) {
            writes.add(decidedPut(rejected));
        }
        transact(writes);
    }

    @Override
    public Optional<Dispute> dispute(String disputeId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(disputes).consistentRead(true)
                .key(Map.of("disputeId", s(disputeId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(dispute(item));
    }

    @Override
    public void update(Dispute expected, Dispute changed, Booking settled) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(disputes).item(disputeItem(changed, expected.version() + 1))
                .conditionExpression("version = :v AND #status = :status")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":v", n(expected.version()), ":status", s(expected.status().name()))))
                .build());
        if (settled != null) {
            writes.addAll(bookings.bookingWrites(settled));
        }
        transact(writes);
    }

    @Override
    public List<Dispute> due(Instant now, int limit) {
        List<Dispute> due = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(disputes).indexName("due")
                .keyConditionExpression("dueShard = :shard AND dueAt <= :now")
                .expressionAttributeValues(Map.of(":shard", s(DynamoDbBookingStore.DUE_SHARD),
                        ":now", s(DynamoDbBookingStore.sortable(now))))
                .limit(limit).build();
        for (Map<String, AttributeValue> item : dynamoDb.query(query).items()) {
            dispute(Attributes.string(item, "disputeId")).ifPresent(due::add);
        }
        return due;
    }

    private void transact(List<TransactWriteItem> writes) {
        DynamoDbBookingStore.transact(dynamoDb, writes);
    }

    private Map<String, AttributeValue> disputeItem(Dispute d, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("disputeId", s(d.disputeId()));
        item.put("bookingId", s(d.bookingId()));
        item.put("reporterId", s(d.reporterId().value()));
        item.put("respondentId", s(d.respondentId().value()));
        item.put("reporterIsCustomer", bool(d.reporterIsCustomer()));
        item.put("reason", s(d.reason().name()));
        item.put("evidence", AttributeValue.fromL(d.evidence().stream().map(e -> AttributeValue.fromM(Map.of(
                "type", s(e.type().name()), "id", s(e.id())))).toList()));
        item.put("status", s(d.status().name()));
        item.put("filedAt", n(d.filedAt().toEpochMilli()));
        item.put("respondBy", n(d.respondBy().toEpochMilli()));
        statements.put(item, d.reporterId(), d.disputeId(), "statement", d.statement());
        statements.put(item, d.respondentId(), d.disputeId(), "objection", d.objection());
        if (d.objectedAt() != null) {
            item.put("objectedAt", n(d.objectedAt().toEpochMilli()));
        }
        if (d.outcome() != null) {
            item.put("outcome", s(d.outcome().name()));
            item.put("resolution", s(d.resolution()));
            item.put("resolvedAt", n(d.resolvedAt().toEpochMilli()));
        }
        if (d.providerCents() != null) {
            item.put("providerCents", n(d.providerCents()));
        }
        if (d.status() == Dispute.Status.AWAITING_RESPONSE) { // the timer looks at open objection windows only
            item.put("dueShard", s(DynamoDbBookingStore.DUE_SHARD));
            item.put("dueAt", s(DynamoDbBookingStore.sortable(d.respondBy())));
        }
        item.put("version", n(version));
        return item;
    }

    @Override
    public List<Dispute> disputesOf(String bookingId) {
        QueryRequest query = QueryRequest.builder().tableName(disputes).indexName("byBooking")
                .keyConditionExpression("bookingId = :b").expressionAttributeValues(Map.of(":b", s(bookingId))).build();
        List<String> ids = new ArrayList<>();
        dynamoDb.queryPaginator(query).items().forEach(key -> ids.add(Attributes.string(key, "disputeId")));
        List<Dispute> found = new ArrayList<>();
        Batches.getInOrder(dynamoDb, disputes, "disputeId", ids).forEach(item -> found.add(dispute(item)));
        return found;
    }

    private Dispute dispute(Map<String, AttributeValue> item) {
        String id = Attributes.string(item, "disputeId");
        UserId reporter = new UserId(Attributes.string(item, "reporterId"));
        UserId respondent = new UserId(Attributes.string(item, "respondentId"));
        return new Dispute(id, Attributes.string(item, "bookingId"), reporter, respondent,
                Attributes.boolValue(item, "reporterIsCustomer"),
                DisputeReason.valueOf(Attributes.string(item, "reason")), statements.get(item, reporter, id, "statement"),
                item.get("evidence").l().stream().map(AttributeValue::m)
                        .map(e -> new Evidence(Evidence.Type.valueOf(e.get("type").s()), e.get("id").s())).toList(),
                Dispute.Status.valueOf(Attributes.string(item, "status")),
                Instant.ofEpochMilli(Attributes.longValue(item, "filedAt")),
                Instant.ofEpochMilli(Attributes.longValue(item, "respondBy")),
                statements.get(item, respondent, id, "objection"),
                item.containsKey("objectedAt") ? Instant.ofEpochMilli(Attributes.longValue(item, "objectedAt")) : null,
                item.containsKey("outcome") ? Dispute.Outcome.valueOf(Attributes.string(item, "outcome")) : null,
                item.containsKey("providerCents") ? Attributes.longValue(item, "providerCents") : null,
                item.containsKey("resolution") ? Attributes.string(item, "resolution") : null,
                item.containsKey("resolvedAt") ? Instant.ofEpochMilli(Attributes.longValue(item, "resolvedAt")) : null,
                Attributes.longValue(item, "version"));
    }
}
