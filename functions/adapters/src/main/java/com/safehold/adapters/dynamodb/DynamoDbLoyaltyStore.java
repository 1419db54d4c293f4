package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.loyalty.AcceptedScan;
import com.safehold.domain.loyalty.Card;
import com.safehold.domain.loyalty.LoyaltyStore;
import com.safehold.domain.loyalty.Program;
import com.safehold.domain.loyalty.ReceiptCode;
import com.safehold.domain.loyalty.ScanRecord;
import com.safehold.domain.loyalty.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loyalty in six tables (SPEC 4.9): {@code stores} (the signing secret field-encrypted for the merchant),
 * {@code programs}, {@code receipt-codes} (by SHA-256 of the code only), {@code cards} (by customer and
 * program), {@code cooldowns} (one item per customer and per device and program, expiring by TTL) and
 * {@code scans} (per store: the counters item {@code stats} and one record per scan, expiring after 90 days).
 *
 * <p>An accepted scan is one {@code TransactWriteItems}: both cooldowns (conditional on having run out), the
 * receipt code's use (conditional on being unused), the stamp appended to the card (conditional on the card as
 * read) and the record. So a receipt code gives exactly one stamp however many scan it at once, and nothing is
 * half-written. The store's counters item is updated apart ({@link #count}): a per-store item in every scan's
 * transaction would make concurrent scans of one store cancel each other.
 */
public final class DynamoDbLoyaltyStore implements LoyaltyStore {

    static final String STATS = "stats";
    /** How long a scan's record is kept as a fraud signal. */
    static final Duration SCAN_RECORD_LIFETIME = Duration.ofDays(90);

    private final DynamoDbClient dynamoDb;
    private final String stores;
    private final String programs;
    private final String receiptCodes;
    private final String cards;
    private final String cooldowns;
    private final String scans;
    private final EncryptedAttributes storeSecrets;

    public DynamoDbLoyaltyStore(DynamoDbClient dynamoDb, String stores, String programs, String receiptCodes,
            String cards, String cooldowns, String scans, FieldCipher cipher) {
        this.dynamoDb = dynamoDb;
        this.stores = stores;
        this.programs = programs;
        this.receiptCodes = receiptCodes;
        this.cards = cards;
        this.cooldowns = cooldowns;
        this.scans = scans;
        this.storeSecrets = new EncryptedAttributes(cipher, "stores");
    }

    // ---- stores and programs ---------------------------------------------------------------------------

    @Override
    public Optional<Store> createStore(Store store) {
        try {
            dynamoDb.putItem(r -> r.tableName(stores).item(storeItem(store, 1, null))
                    .conditionExpression("attribute_not_exists(storeId)"));
            return Optional.empty();
        } catch (ConditionalCheckFailedException taken) {
            // the id is taken: by this very put when the SDK repeated it after a lost answer, or by an earlier
            // request under the same key; the caller tells which
            return store(store.storeId());
        }
    }

    @Override
    public Optional<Store> store(String storeId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(stores).consistentRead(true)
                .key(storeKey(storeId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(store(item));
    }

    @Override
    public Map<String, Store> stores(Collection<String> storeIds) {
        Map<String, Store> found = new LinkedHashMap<>();
        List<Map<String, AttributeValue>> keys = storeIds.stream().distinct().map(DynamoDbLoyaltyStore::storeKey).toList();
        for (Map<String, AttributeValue> item : Batches.getAll(dynamoDb, stores, keys)) {
            Store store = store(item);
            found.put(store.storeId(), store);
        }
        return found;
    }

    @Override
    public void updateStore(Store store) {
        // a random token names this write: if the SDK repeats the put after a lost answer, the repeat fails its
        // own version condition, and the token tells that the write it repeats is in place (not a rival's)
        String token = UUID.randomUUID().toString();
        try {
            dynamoDb.putItem(r -> r.tableName(stores).item(storeItem(store, store.version() + 1, token))
                    .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(store.version()))));
        } catch (ConditionalCheckFailedException changed) {
            Map<String, AttributeValue> now = dynamoDb.getItem(r -> r.tableName(stores).consistentRead(true)
                    .key(storeKey(store.storeId())).projectionExpression("writeToken, version")).item();
            if (now != null && now.containsKey("writeToken") && token.equals(now.get("writeToken").s())
                    && Attributes.longValue(now, "version") == store.version() + 1) {
                return; // our own write, repeated
            }
            throw new ConcurrentModificationException("store changed meanwhile");
        }
    }

    @Override
    public void createProgram(Program program, List<Store> members) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("programId", s(program.programId()));
        item.put("merchantId", s(program.merchantId().value()));
        item.put("storeIds", AttributeValue.fromL(program.storeIds().stream().map(Attributes::s).toList()));
        item.put("stampsPerReward", n(program.stampsPerReward()));
        item.put("cooldownMinutes", n(program.cooldownMinutes()));
        item.put("reward", s(program.reward()));
        item.put("createdAt", n(program.createdAt().toEpochMilli()));
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(programs).item(item)
                .conditionExpression("attribute_not_exists(programId)")).build());
        for (Store member : members) {
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(stores).key(storeKey(member.storeId()))
                    .updateExpression("SET #program = :rules, version = version + :one")
                    .conditionExpression("attribute_not_exists(#program) AND version = :v")
                    .expressionAttributeNames(Map.of("#program", "program"))
                    .expressionAttributeValues(Map.of(":rules", rules(program.rules()), ":one", n(1),
                            ":v", n(member.version())))).build());
        }
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            throw new StoreTakenException();
        }
    }

    @Override
    public List<Store> storesOf(UserId merchant) {
        return Batches.ownedBy(dynamoDb, stores, "byMerchant", "merchantId", merchant.value(), "storeId").stream()
                .map(this::store).toList();
    }

    @Override
    public void deleteStore(String storeId) {
        dynamoDb.deleteItem(r -> r.tableName(stores).key(storeKey(storeId)));
    }

    // ---- receipt codes ---------------------------------------------------------------------------------

    @Override
    public void saveReceiptCodes(List<ReceiptCode> codes, Instant keepUntil) {
        List<WriteRequest> puts = new ArrayList<>();
        for (ReceiptCode code : codes) {
            puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(
                    "codeHash", s(code.codeHash()),
                    "storeId", s(code.storeId()),
                    "programId", s(code.programId()),
                    "epoch", n(code.epoch()),
                    "expiresAtMs", n(code.expiresAt().toEpochMilli()),
                    "expiresAt", n(keepUntil.getEpochSecond())))).build());
        }
        Batches.writeAll(dynamoDb, receiptCodes, puts);
    }

    @Override
    public Optional<ReceiptCode> receiptCode(String codeHash) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(receiptCodes).consistentRead(true)
                .key(Map.of("codeHash", s(codeHash)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReceiptCode(codeHash, Attributes.string(item, "storeId"),
                Attributes.string(item, "programId"), Attributes.longValue(item, "epoch"),
                Instant.ofEpochMilli(Attributes.longValue(item, "expiresAtMs"))));
    }

    // ---- cards -----------------------------------------------------------------------------------------

    @Override
    public StoreAndCard storeAndCard(String storeId, UserId customer, String programId) {
        Map<String, KeysAndAttributes> request = Map.of(
                stores, KeysAndAttributes.builder().keys(storeKey(storeId)).consistentRead(true).build(),
                cards, KeysAndAttributes.builder().keys(cardKey(customer, programId)).consistentRead(true).build());
        Optional<Store> store = Optional.empty();
        Optional<Card> card = Optional.empty();
        Map<String, KeysAndAttributes> pending = request;
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> ask = pending;
            var response = dynamoDb.batchGetItem(r -> r.requestItems(ask));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(stores, List.of())) {
                store = Optional.of(store(item));
            }
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(cards, List.of())) {
                card = Optional.of(card(item));
            }
            pending = response.unprocessedKeys();
        }
        return new StoreAndCard(store, card);
    }

    @Override
    public Optional<Card> card(UserId customer, String programId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(cards).consistentRead(true)
                .key(cardKey(customer, programId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(card(item));
    }

    @Override
    public List<Card> cards(UserId customer) {
        QueryRequest query = QueryRequest.builder().tableName(cards).consistentRead(true)
                .keyConditionExpression("customerId = :c").expressionAttributeValues(Map.of(":c", s(customer.value())))
                .build();
        List<Card> found = new ArrayList<>();
        dynamoDb.queryPaginator(query).items().forEach(item -> found.add(card(item)));
        return found;
    }

    /**
     * One {@code TransactWriteItems}: the card (conditional on its version) and a check of each store whose
     * stamps it spends (conditional on the version read, so a quarantine raised meanwhile is not missed). The
     * SDK repeats a transaction with the same {@code ClientRequestToken}, which DynamoDB applies once; the card
     * also remembers the redemption's attempt id, for a repeat that comes as a new request.
     */
    @Override
    public void redeem(Card card, Collection<Store> checked) {
        Map<String, AttributeValue> item = new HashMap<>(cardKey(card.customerId(), card.programId()));
        item.put("stampsPerReward", n(card.stampsPerReward()));
        item.put("reward", s(card.reward()));
        item.put("stamps", stampList(card.stamps()));
        item.put("rewardsRedeemed", n(card.rewardsRedeemed()));
        item.put("spent", AttributeValue.fromL(card.spent().stream().map(sp -> AttributeValue.fromM(Map.of(
                "attemptId", s(sp.attemptId()), "at", n(sp.at().toEpochMilli()), "stampsLeft", n(sp.stampsLeft()),
                "rewardsRedeemed", n(sp.rewardsRedeemed())))).toList()));
        item.put("version", n(card.version() + 1));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(cards).item(item).conditionExpression("version = :v")
                .expressionAttributeValues(Map.of(":v", n(card.version())))).build());
        for (Store store : checked) {
            writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(stores).key(storeKey(store.storeId()))
                    .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(store.version()))))
                    .build());
        }
        int failed;
        try {
            failed = Transactions.firstFailedCondition(dynamoDb, writes);
        } catch (TransactionCanceledException conflicted) {
            throw new ConcurrentModificationException("card or store kept changing");
        }
        if (failed >= 0) {
            throw new ConcurrentModificationException("card or store changed meanwhile");
        }
    }

    // ---- scans -----------------------------------------------------------------------------------------

    @Override
    public void accept(AcceptedScan scan, Instant now) {
        String programId = scan.store().program().programId();
        Map<String, AttributeValue> customerCooldown = cooldownKey("c#" + programId + "#" + scan.customer().value());
        Map<String, AttributeValue> deviceCooldown = cooldownKey("d#" + programId + "#" + scan.deviceHash());
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Map<String, AttributeValue> key : List.of(customerCooldown, deviceCooldown)) {
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.put("until", n(scan.cooldownUntil().toEpochMilli()));
            item.put("expiresAt", n(scan.cooldownUntil().getEpochSecond() + 1));
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(cooldowns).item(item)
                    .conditionExpression("attribute_not_exists(cooldownKey) OR #until <= :now")
                    .expressionAttributeNames(Map.of("#until", "until"))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli())))).build());
        }
        if (scan.receiptCodeHash() != null) {
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(receiptCodes)
                    .key(Map.of("codeHash", s(scan.receiptCodeHash())))
                    .updateExpression("SET usedAt = :now, usedBy = :customer")
                    .conditionExpression("attribute_exists(codeHash) AND attribute_not_exists(usedAt)")
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()),
                            ":customer", s(scan.customer().value())))).build());
        }
        Store.ProgramRules rules = scan.store().program();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":none", AttributeValue.fromL(List.of()),
                ":stamp", stampList(List.of(scan.stamp())), ":perReward", n(rules.stampsPerReward()),
                ":reward", s(rules.reward()), ":zero", n(0), ":one", n(1)));
        String asRead = "attribute_not_exists(customerId)"; // the card as the scan read it: none yet, or its version
        if (scan.cardVersion() != null) {
            asRead = "version = :read";
            values.put(":read", n(scan.cardVersion()));
        }
        String cardCondition = asRead;
        int cardWrite = writes.size();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(cards).key(cardKey(scan.customer(), programId))
                .updateExpression("SET stamps = list_append(if_not_exists(stamps, :none), :stamp), "
                        + "stampsPerReward = :perReward, reward = :reward, "
                        + "rewardsRedeemed = if_not_exists(rewardsRedeemed, :zero), "
                        + "version = if_not_exists(version, :zero) + :one")
                .conditionExpression(cardCondition)
                .expressionAttributeValues(values)).build());
        // the record is an item of its own (no other scan writes it); the store's counter is not in here
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(scans).item(recordItem(scan.record()))).build());
        int failed = Transactions.firstFailedCondition(dynamoDb, writes); // the cooldowns come first
        if (failed == 0 || failed == 1) {
            throw new CooldownException(cooldownEnd(customerCooldown, deviceCooldown));
        }
        if (failed == 2 && scan.receiptCodeHash() != null) {
            throw new CodeUsedException();
        }
        if (failed == cardWrite) {
            throw new CardChangedException();
        }
    }

    /** The record alone: a put of an item no other scan writes, so it never conflicts (no transaction needed). */
    @Override
    public void refuse(ScanRecord record) {
        dynamoDb.putItem(r -> r.tableName(scans).item(recordItem(record)));
    }

    /**
     * An {@code ADD} on the store's counters item, on its own: concurrent updates of one item are applied one
     * after the other, where concurrent transactions writing it would cancel each other (TransactionConflict).
     */
    @Override
    public void count(String storeId, String outcome) {
        dynamoDb.updateItem(u -> u.tableName(scans).key(Map.of("storeId", s(storeId), "scanKey", s(STATS)))
                .updateExpression("ADD #outcome :one")
                .expressionAttributeNames(Map.of("#outcome", outcome))
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    @Override
    public Map<String, Long> scanStats(String storeId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(scans).consistentRead(true)
                .key(Map.of("storeId", s(storeId), "scanKey", s(STATS)))).item();
        Map<String, Long> counts = new LinkedHashMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (value.n() != null) {
                    counts.put(name, Long.parseLong(value.n()));
                }
            });
        }
        return counts;
    }

    @Override
    public List<ScanRecord> scansOf(UserId customer) {
        QueryRequest query = QueryRequest.builder().tableName(scans).indexName("byCustomer")
                .keyConditionExpression("customerId = :c").expressionAttributeValues(Map.of(":c", s(customer.value())))
                .build();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        dynamoDb.queryPaginator(query).items().forEach(key -> keys.add(Map.of("storeId", key.get("storeId"),
                "scanKey", key.get("scanKey"))));
        List<ScanRecord> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : Batches.getAll(dynamoDb, scans, keys)) {
            String[] scanKey = Attributes.string(item, "scanKey").split("#", 3); // scan#<epoch ms, 15 digits>#<id>
            found.add(new ScanRecord(scanKey[2], Attributes.string(item, "storeId"),
                    Instant.ofEpochMilli(Long.parseLong(scanKey[1])), Attributes.string(item, "outcome"),
                    customer, Attributes.string(item, "deviceHash"), Attributes.string(item, "distance"),
                    Attributes.string(item, "accuracy")));
        }
        found.sort(Comparator.comparing(ScanRecord::at).thenComparing(ScanRecord::scanId));
        return found;
    }

    /** The scan's record: no position, only buckets. */
    private static Map<String, AttributeValue> recordItem(ScanRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("storeId", s(record.storeId()));
        item.put("scanKey", s("scan#" + DynamoDbBookingStore.sortable(record.at()) + "#" + record.scanId()));
        item.put("outcome", s(record.outcome()));
        item.put("customerId", s(record.customer().value()));
        item.put("deviceHash", s(record.deviceHash()));
        if (record.distanceBucket() != null) {
            item.put("distance", s(record.distanceBucket()));
            item.put("accuracy", s(record.accuracyBucket()));
        }
        item.put("expiresAt", n(record.at().plus(SCAN_RECORD_LIFETIME).getEpochSecond()));
        return item;
    }

    private Instant cooldownEnd(Map<String, AttributeValue> customerKey, Map<String, AttributeValue> deviceKey) {
        long until = 0;
        for (Map<String, AttributeValue> item : Batches.getAll(dynamoDb, cooldowns, List.of(customerKey, deviceKey))) {
            until = Math.max(until, Attributes.longValue(item, "until"));
        }
        return Instant.ofEpochMilli(until);
    }

    // ---- mapping ---------------------------------------------------------------------------------------

    private Map<String, AttributeValue> storeItem(Store store, long version, String writeToken) {
        Map<String, AttributeValue> item = new HashMap<>(storeKey(store.storeId()));
        item.put("merchantId", s(store.merchantId().value()));
        item.put("name", s(store.name()));
        item.put("lat", n(store.lat()));
        item.put("lon", n(store.lon()));
        item.put("radiusMeters", n(store.radiusMeters()));
        storeSecrets.put(item, store.merchantId(), store.storeId(), "secret", store.secret());
        item.put("codeEpoch", n(store.codeEpoch()));
        if (store.program() != null) {
            item.put("program", rules(store.program()));
        }
        item.put("quarantines", AttributeValue.fromL(store.quarantines().stream().map(q -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("since", n(q.since().toEpochMilli()));
            m.put("at", n(q.at().toEpochMilli()));
            if (q.releasedAt() != null) {
                m.put("releasedAt", n(q.releasedAt().toEpochMilli()));
            }
            return AttributeValue.fromM(m);
        }).toList()));
        item.put("createdAt", n(store.createdAt().toEpochMilli()));
        item.put("version", n(version));
        if (writeToken != null) {
            item.put("writeToken", s(writeToken));
        }
        return item;
    }

    private Store store(Map<String, AttributeValue> item) {
        String storeId = Attributes.string(item, "storeId");
        UserId merchant = new UserId(Attributes.string(item, "merchantId"));
        AttributeValue program = item.get("program");
        return new Store(storeId, merchant, Attributes.string(item, "name"), Attributes.doubleValue(item, "lat"),
                Attributes.doubleValue(item, "lon"), Attributes.intValue(item, "radiusMeters"),
                storeSecrets.get(item, merchant, storeId, "secret"), Attributes.longValue(item, "codeEpoch"),
                program == null ? null : new Store.ProgramRules(program.m().get("programId").s(),
                        Integer.parseInt(program.m().get("stampsPerReward").n()),
                        Integer.parseInt(program.m().get("cooldownMinutes").n()), program.m().get("reward").s()),
                item.get("quarantines").l().stream().map(AttributeValue::m).map(q -> new Store.Quarantine(
                        millis(q.get("since")), millis(q.get("at")), q.containsKey("releasedAt")
                                ? millis(q.get("releasedAt")) : null)).toList(),
                millis(item.get("createdAt")), Attributes.longValue(item, "version"));
    }

    private static AttributeValue rules(Store.ProgramRules rules) {
        return AttributeValue.fromM(Map.of("programId", s(rules.programId()),
                "stampsPerReward", n(rules.stampsPerReward()), "cooldownMinutes", n(rules.cooldownMinutes()),
                "reward", s(rules.reward())));
    }

    private static Card card(Map<String, AttributeValue> item) {
        return new Card(new UserId(Attributes.string(item, "customerId")), Attributes.string(item, "programId"),
                Attributes.intValue(item, "stampsPerReward"), Attributes.string(item, "reward"),
                item.get("stamps").l().stream().map(AttributeValue::m).map(m -> new Card.Stamp(m.get("storeId").s(),
                        millis(m.get("earnedAt")), m.get("scanId").s())).toList(),
                Attributes.longValue(item, "rewardsRedeemed", 0), Attributes.longValue(item, "version"),
                item.containsKey("spent") ? item.get("spent").l().stream().map(AttributeValue::m)
                        .map(m -> new Card.Spent(m.get("attemptId").s(), millis(m.get("at")),
                                Integer.parseInt(m.get("stampsLeft").n()), Long.parseLong(m.get("rewardsRedeemed").n())))
                        .toList() : List.of());
    }

    private static AttributeValue stampList(List<Card.Stamp> stamps) {
        return AttributeValue.fromL(stamps.stream().map(st -> AttributeValue.fromM(Map.of("storeId", s(st.storeId()),
                "earnedAt", n(st.earnedAt().toEpochMilli()), "scanId", s(st.scanId())))).toList());
    }

    private static Instant millis(AttributeValue value) {
        return Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static Map<String, AttributeValue> storeKey(String storeId) {
        return Map.of("storeId", s(storeId));
    }

    private static Map<String, AttributeValue> cardKey(UserId customer, String programId) {
        return Map.of("customerId", s(customer.value()), "programId", s(programId));
    }

    private static Map<String, AttributeValue> cooldownKey(String key) {
        return Map.of("cooldownKey", s(key));
    }
}
