package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.UserId;
import com.safehold.domain.history.BookingArchive;
import com.safehold.domain.history.PurgeReport;
import com.safehold.domain.history.PurgeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The purge's store (SPEC 4.10): due bookings from the booking store's purge indexes, the children deleted
 * through the safety store, providers' retention in {@code retention} (one partition, one query), run reports in
 * {@code purge-runs} (kept a year).
 */
public final class DynamoDbPurgeStore implements PurgeStore, BookingArchive {

    private static final Duration REPORT_LIFETIME = Duration.ofDays(365);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbBookingStore bookings;
    private final DynamoDbSafetyStore safety;
    private final String retention;
    private final String runs;

    public DynamoDbPurgeStore(DynamoDbClient dynamoDb, DynamoDbBookingStore bookings, DynamoDbSafetyStore safety,
            String retention, String runs) {
        this.dynamoDb = dynamoDb;
        this.bookings = bookings;
        this.safety = safety;
        this.retention = retention;
        this.runs = runs;
    }

    @Override
    public Due due(Instant endedBefore, String resumeAfter, int limit) {
        return bookings.purgeDue(endedBefore, resumeAfter, limit);
    }

    @Override
    public Due dueFor(UserId provider, Instant endedBefore, String resumeAfter, int limit) {
        return bookings.purgeDueFor(provider, endedBefore, resumeAfter, limit);
    }

    @Override
    public boolean purge(Booking booking, Instant at, Instant keepAccountingUntil) {
        if (!bookings.sealForPurge(booking)) { // no message can slip in between the delete and the record
            return false;
        }
        safety.deleteAll(booking.bookingId()); // then the children: the booking's own write comes last
        return bookings.purge(booking, at, keepAccountingUntil);
    }

    @Override
    public Map<UserId, Integer> customRetention() {
        Map<UserId, Integer> found = new LinkedHashMap<>();
        QueryRequest query = QueryRequest.builder().tableName(retention).keyConditionExpression("#scope = :p")
                .expressionAttributeNames(Map.of("#scope", "scope"))
                .expressionAttributeValues(Map.of(":p", s("providers"))).build();
        dynamoDb.queryPaginator(query).items().forEach(item -> found.put(new UserId(Attributes.string(item, "providerId")),
                Attributes.intValue(item, "bookingsDays")));
        return found;
    }

    @Override
    public void setRetention(UserId provider, int bookingsDays) {
        dynamoDb.putItem(r -> r.tableName(retention).item(Map.of("scope", s("providers"),
                "providerId", s(provider.value()), "bookingsDays", n(bookingsDays))));
    }

    @Override
    public void saveRun(PurgeReport report) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("scope", s("runs"));
        item.put("runKey", s(DynamoDbBookingStore.sortable(report.startedAt()) + "#" + report.runId()));
        item.put("runId", s(report.runId()));
        item.put("startedAt", n(report.startedAt().toEpochMilli()));
        item.put("finishedAt", n(report.finishedAt().toEpochMilli()));
        item.put("purged", n(report.purged()));
        item.put("heldBackCount", n(report.heldBackCount()));
        item.put("heldBack", AttributeValue.fromL(report.heldBack().stream().map(Attributes::s).toList()));
        item.put("changed", n(report.changed()));
        item.put("failed", AttributeValue.fromL(report.failed().stream().map(Attributes::s).toList()));
        item.put("complete", bool(report.complete()));
        item.put("expiresAt", n(report.startedAt().plus(REPORT_LIFETIME).getEpochSecond()));
        dynamoDb.putItem(r -> r.tableName(runs).item(item));
    }

    @Override
    public List<PurgeReport> runs(int limit) {
        QueryRequest query = QueryRequest.builder().tableName(runs).keyConditionExpression("#scope = :r")
                .expressionAttributeNames(Map.of("#scope", "scope")).expressionAttributeValues(Map.of(":r", s("runs")))
                .scanIndexForward(false).limit(limit).build();
        return dynamoDb.query(query).items().stream().map(item -> new PurgeReport(Attributes.string(item, "runId"),
                Instant.ofEpochMilli(Attributes.longValue(item, "startedAt")),
                Instant.ofEpochMilli(Attributes.longValue(item, "finishedAt")), Attributes.intValue(item, "purged"),
                Attributes.intValue(item, "heldBackCount"),
                item.get("heldBack").l().stream().map(AttributeValue::s).toList(), Attributes.intValue(item, "changed"),
                item.get("failed").l().stream().map(AttributeValue::s).toList(),
                Attributes.boolValue(item, "complete"))).toList();
    }

    @Override
    public Page page(UserId provider, String cursor, int limit) {
        return bookings.page(provider, cursor, limit);
    }
}
