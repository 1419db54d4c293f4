package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.instant;
import static com.safehold.adapters.dynamodb.Attributes.instantValue;
import static com.safehold.adapters.dynamodb.Attributes.intValue;
import static com.safehold.adapters.dynamodb.Attributes.longValue;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;
import static com.safehold.adapters.dynamodb.Attributes.string;

import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.OfferStore;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.TermKind;
import com.safehold.domain.offers.Venue;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Offers in the {@code offers} table, one item per offer, keyed by {@code offerId}. */
public final class DynamoDbOfferStore implements OfferStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbOfferStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public boolean create(Offer offer) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(toItem(offer))
                    .conditionExpression("attribute_not_exists(offerId)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Offer> find(String offerId) {
        // Strongly consistent: a provider who just changed an offer must see the change.
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("offerId", s(offerId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean replace(Offer updated, long expectedRevision) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(toItem(updated))
                    .conditionExpression("revision = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(expectedRevision))));
            return true;
        } catch (ConditionalCheckFailedException concurrentUpdate) {
            return false;
        }
    }

    @Override
    public List<Offer> offersOf(UserId provider) {
        return Batches.ownedBy(dynamoDb, table, "byProvider", "providerId", provider.value(), "offerId").stream()
                .map(DynamoDbOfferStore::fromItem).toList();
    }

    @Override
    public void delete(String offerId) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("offerId", s(offerId))));
    }

    static Map<String, AttributeValue> toItem(Offer o) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("offerId", s(o.offerId()));
        item.put("providerId", s(o.providerId().value()));
        item.put("title", s(o.title()));
        item.put("description", s(o.description()));
        item.put("priceCents", n(o.price().minorUnits()));
        item.put("currency", s(o.price().currencyCode()));
        item.put("durationMinutes", n(o.durationMinutes()));
        item.put("terms", AttributeValue.fromL(o.terms().stream()
                .map(t -> AttributeValue.fromM(Map.of("id", s(t.id()), "kind", s(t.kind().name()), "text", s(t.text()))))
                .toList()));
        if (o.venue() != null) {
            Venue v = o.venue();
            item.put("venue", AttributeValue.fromM(Map.of("name", s(v.name()), "lat", n(v.lat()), "lon", n(v.lon()),
                    "radiusMeters", n(v.radiusMeters()))));
        }
        CancellationPolicy p = o.cancellationPolicy();
        item.put("cancellationPolicy", AttributeValue.fromM(Map.of("freeUntilHours", n(p.freeUntilHours()),
                "lateRefundPercent", n(p.lateRefundPercent()), "noCancelWithinHours", n(p.noCancelWithinHours()))));
        item.put("termsVersion", s(o.termsVersion()));
        item.put("revision", n(o.revision()));
        item.put("createdAt", instant(o.createdAt()));
        item.put("updatedAt", instant(o.updatedAt()));
        return item;
    }

    static Offer fromItem(Map<String, AttributeValue> item) {
        List<Term> terms = item.get("terms").l().stream().map(AttributeValue::m)
                .map(t -> new Term(string(t, "id"), TermKind.valueOf(string(t, "kind")), string(t, "text")))
                .toList();
        Venue venue = null;
        if (item.containsKey("venue")) {
            Map<String, AttributeValue> v = item.get("venue").m();
            venue = new Venue(string(v, "name"), Attributes.doubleValue(v, "lat"), Attributes.doubleValue(v, "lon"),
                    intValue(v, "radiusMeters"));
        }
        Map<String, AttributeValue> p = item.get("cancellationPolicy").m();
        return new Offer(
                string(item, "offerId"),
                new UserId(string(item, "providerId")),
                string(item, "title"),
                string(item, "description"),
                Money.of(longValue(item, "priceCents"), Currency.getInstance(string(item, "currency"))),
                intValue(item, "durationMinutes"),
                terms,
                venue,
                new CancellationPolicy(intValue(p, "freeUntilHours"), intValue(p, "lateRefundPercent"),
                        intValue(p, "noCancelWithinHours")),
                string(item, "termsVersion"),
                longValue(item, "revision"),
                instantValue(item, "createdAt"),
                instantValue(item, "updatedAt"));
    }
}
