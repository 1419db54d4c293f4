package com.safehold.adapters.dynamodb;

import static com.safehold.adapters.dynamodb.Attributes.bool;
import static com.safehold.adapters.dynamodb.Attributes.n;
import static com.safehold.adapters.dynamodb.Attributes.s;

import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.bookings.ConsentReceipt;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.bookings.TimelineEvent;
import com.safehold.domain.common.Currencies;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.UserId;
import com.safehold.domain.history.BookingArchive;
import com.safehold.domain.history.PurgeStore;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.escrow.Ledger;
import com.safehold.domain.escrow.LedgerAccount;
import com.safehold.domain.escrow.LedgerEntry;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.offers.Term;
import com.safehold.domain.offers.TermKind;
import com.safehold.domain.offers.Venue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Bookings in the {@code bookings} table, their slots in {@code slots} and their ledgers in {@code ledger}.
 * Every write is one {@code TransactWriteItems}: the booking at its version, the slots it claims or frees,
 * and the ledger entries at free positions. The check-in secret is field-encrypted.
 *
 * <p>Slots: a booking claims one item per 30-minute bucket of the provider's time it covers
 * ({@code <provider>#<bucket start, epoch minutes>}), so two overlapping bookings collide on at least one
 * item. A day-long booking claims 48; a transaction holds 100.
 */
public final class DynamoDbBookingStore implements BookingStore {

    static final String LOGICAL_TABLE = "bookings";
    static final Duration SLOT = Duration.ofMinutes(30);
    static final String DUE_SHARD = "due";
    static final String PURGE_SHARD = "purge";
    /** What an accounting record keeps of a booking (SPEC 4.10): amounts, dates, states and pseudonymous ids. */
    private static final List<String> ACCOUNTING = List.of("bookingId", "offerId", "customerId", "providerId",
            "startsAt", "endsAt", "status", "currency", "priceCents", "bookingFeeCents", "escrow", "version");

    private final DynamoDbClient dynamoDb;
    private final String table;
    /** Resolved on first use, like the ledger: a function that only reads bookings has neither table. */
    private final Supplier<String> slots;
    /** Resolved on first use: only the functions that read or write money have the ledger table. */
    private final Supplier<String> ledger;
    private final EncryptedAttributes encrypted;
    private final FieldCipher cipher;
    /** The {@code users} table whose erasure marks {@link #create} checks, or null (stores that never create). */
    private final String erasureFence;

    public DynamoDbBookingStore(DynamoDbClient dynamoDb, String table, String slots, String ledger, FieldCipher cipher) {
        this(dynamoDb, table, () -> slots, () -> ledger, cipher, null);
    }

    /**
     * @param slots  the slots table's name, asked for only when a booking is created or changed
     * @param ledger the ledger table's name, asked for only when a ledger is read or written
     */
    public DynamoDbBookingStore(DynamoDbClient dynamoDb, String table, Supplier<String> slots, Supplier<String> ledger,
            FieldCipher cipher) {
        this(dynamoDb, table, slots, ledger, cipher, null);
    }

    private DynamoDbBookingStore(DynamoDbClient dynamoDb, String table, Supplier<String> slots, Supplier<String> ledger,
            FieldCipher cipher,
            String erasureFence) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.slots = slots;
        this.ledger = ledger;
        this.cipher = cipher;
        this.encrypted = new EncryptedAttributes(cipher, LOGICAL_TABLE);
        this.erasureFence = erasureFence;
    }

    /**
     * This store, with {@link #create} also checking, in its transaction, that neither party is marked as
     * being erased in {@code usersTable} ({@link DynamoDbProfileDirectory#beginErasure}): after the mark no
     * booking with them can appear, so erasure's look for open bookings is final.
     */
    public DynamoDbBookingStore withErasureFence(String usersTable) {
        return new DynamoDbBookingStore(dynamoDb, table, slots, ledger, cipher, usersTable);
    }

    @Override
    public boolean create(Booking booking) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(booking, 1))
                .conditionExpression("attribute_not_exists(bookingId)")).build());
        for (String slot : slotKeys(booking)) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(slots.get())
                    .item(Map.of("slotKey", s(slot), "bookingId", s(booking.bookingId())))
                    .conditionExpression("attribute_not_exists(slotKey)")).build());
        }
        int fenceStart = writes.size();
        if (erasureFence != null) {
            for (UserId party : List.of(booking.customerId(), booking.providerId())) {
                writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(erasureFence)
                        .key(Map.of("userId", s(party.value())))
                        .conditionExpression("attribute_not_exists(" + DynamoDbProfileDirectory.ERASING + ")")).build());
            }
        }
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(writes));
            return true;
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.getFirst().code())) {
                return false; // this booking exists: a retried request
            }
            if (reasons.subList(Math.min(fenceStart, reasons.size()), reasons.size()).stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                throw new PartyErasedException();
            }
            if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                throw new SlotTakenException();
            }
            throw cancelled;
        }
    }

    @Override
    public Optional<Booking> find(String bookingId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("bookingId", s(bookingId)))).item();
        return item == null || item.isEmpty() || purged(item) ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public void update(Booking booking) {
        update(booking, List.of());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A booking that no longer holds slots freed them in the write that took it out of its last slot-holding
     * status; every later write of it (the escrow worker's, the timer sweep's) frees them again, which does
     * nothing while they are free. Once another booking of the provider has claimed one of them, though, that
     * delete's condition fails: then this write is repeated without the deletes, still at the booking's version.
     * Without that, a cancelled booking's refund could not be recorded for as long as someone else held its old
     * slot (the load test found it: the command failed every delivery until that booking ended).
     */
    @Override
    public void update(Booking booking, List<LedgerEntry> ledgerEntries) {
        List<TransactWriteItem> bookingWrites = bookingWrites(booking);
        List<TransactWriteItem> entryWrites = new ArrayList<>();
        for (LedgerEntry entry : ledgerEntries) {
            entryWrites.add(TransactWriteItem.builder().put(p -> p.tableName(ledger.get()).item(entryItem(entry))
                    .conditionExpression("attribute_not_exists(bookingId)")).build());
        }
        List<TransactWriteItem> writes = new ArrayList<>(bookingWrites);
        writes.addAll(entryWrites);
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            if (booking.status().holdsSlot() || !onlySlotsTakenByOthers(cancelled, bookingWrites.size())) {
                throw conflictOrRethrow(cancelled);
            }
            List<TransactWriteItem> withoutSlots = new ArrayList<>(bookingWrites.subList(0, 1)); // the booking itself
            withoutSlots.addAll(entryWrites);
            transact(dynamoDb, withoutSlots);
        }
    }

    /**
     * Whether the only items that failed were slot deletes (positions 1 to {@code bookingWrites - 1}), on
     * their condition: the booking's own version and the ledger positions were fine.
     */
    private static boolean onlySlotsTakenByOthers(TransactionCanceledException cancelled, int bookingWrites) {
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        boolean slotTaken = false;
        for (int i = 0; i < reasons.size(); i++) {
            String code = reasons.get(i).code();
            boolean failed = code != null && !"None".equals(code);
            boolean slotDelete = i >= 1 && i < bookingWrites;
            if (failed && !(slotDelete && "ConditionalCheckFailed".equals(code))) {
                return false;
            }
            slotTaken |= failed;
        }
        return slotTaken;
    }

    /**
     * One transaction; a failed condition or a conflicting transaction means someone changed an item first:
     * {@link ConcurrentModificationException}, which callers answer with a re-read or {@code 409}.
     */
    static void transact(DynamoDbClient dynamoDb, List<TransactWriteItem> writes) {
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            throw conflictOrRethrow(cancelled);
        }
    }

    static RuntimeException conflictOrRethrow(TransactionCanceledException cancelled) {
        if (cancelled.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code())
                || "TransactionConflict".equals(r.code()))) {
            return new ConcurrentModificationException("changed meanwhile");
        }
        return cancelled;
    }

    /**
     * The writes that replace a booking at its version and free its slots when its status no longer holds
     * them; other stores add them to their own transactions (a dispute opens with its booking).
     */
    List<TransactWriteItem> bookingWrites(Booking booking) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(booking, booking.version() + 1))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(booking.version()))))
                .build());
        if (!booking.status().holdsSlot()) {
            for (String slot : slotKeys(booking)) { // freed: only if it is still ours (or already gone)
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(slots.get()).key(Map.of("slotKey", s(slot)))
                        .conditionExpression("attribute_not_exists(slotKey) OR bookingId = :b")
                        .expressionAttributeValues(Map.of(":b", s(booking.bookingId())))).build());
            }
        }
        return writes;
    }

    @Override
    public Ledger ledger(String bookingId, String currency) {
        List<LedgerEntry> entries = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(ledger.get()).consistentRead(true)
                .keyConditionExpression("bookingId = :b").expressionAttributeValues(Map.of(":b", s(bookingId))).build();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(query).items()) {
            entries.add(new LedgerEntry(bookingId, Long.parseLong(item.get("seq").s()),
                    Attributes.string(item, "transactionId"), MovementKind.valueOf(Attributes.string(item, "kind")),
                    LedgerAccount.valueOf(Attributes.string(item, "account")), Attributes.longValue(item, "amount"),
                    Attributes.string(item, "currency"), Instant.ofEpochMilli(Attributes.longValue(item, "at")),
                    Attributes.string(item, "prevHash"), Attributes.string(item, "hash")));
        }
        return new Ledger(bookingId, currency, entries);
    }

    @Override
    public List<Booking> bookingsOf(UserId party) {
        List<Booking> found = new ArrayList<>();
        for (String[] index : new String[][] {{"byCustomer", "customerId"}, {"byProvider", "providerId"}}) {
            QueryRequest query = QueryRequest.builder().tableName(table).indexName(index[0])
                    .keyConditionExpression(index[1] + " = :party")
                    .expressionAttributeValues(Map.of(":party", s(party.value()))).build();
            List<String> ids = new ArrayList<>();
            dynamoDb.queryPaginator(query).items().forEach(key -> ids.add(Attributes.string(key, "bookingId")));
            for (Map<String, AttributeValue> item : Batches.getInOrder(dynamoDb, table, "bookingId", ids)) {
                if (!purged(item)) {
                    found.add(fromItem(item)); // the index holds keys only: the items come from the table
                }
            }
        }
        return found;
    }

    // ---- the purge (SPEC 4.10) ---------------------------------------------------------------------------

    /** Bookings not yet purged that ended before {@code endedBefore}, oldest first: the purge index only. */
    public PurgeStore.Due purgeDue(Instant endedBefore, String resumeAfter, int limit) {
        return purgeQuery("purge", "purgeShard", PURGE_SHARD, endedBefore, resumeAfter, limit);
    }

    /** The same for one provider (their shorter retention). */
    public PurgeStore.Due purgeDueFor(UserId provider, Instant endedBefore, String resumeAfter, int limit) {
        return purgeQuery("purgeByProvider", "purgeProvider", provider.value(), endedBefore, resumeAfter, limit);
    }

    /**
     * One page of a purge index. The resume point is the index position of the page's last entry ({@code purgeAt}
     * and {@code bookingId}); a booking purged since has left the index, which does not disturb the position.
     */
    private PurgeStore.Due purgeQuery(String index, String key, String value, Instant endedBefore, String resumeAfter,
            int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression(key + " = :k AND purgeAt < :before")
                .expressionAttributeValues(Map.of(":k", s(value), ":before", s(sortable(endedBefore))))
                .limit(limit);
        if (resumeAfter != null) {
            int split = resumeAfter.indexOf('#');
            query.exclusiveStartKey(Map.of(key, s(value), "purgeAt", s(resumeAfter.substring(0, split)),
                    "bookingId", s(resumeAfter.substring(split + 1))));
        }
        QueryResponse response = dynamoDb.query(query.build());
        List<String> ids = response.items().stream().map(found -> Attributes.string(found, "bookingId")).toList();
        List<Booking> due = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Map<String, AttributeValue> item : Batches.getInOrder(dynamoDb, table, "bookingId", ids)) {
            if (purged(item)) {
                continue; // the index may lag behind a purge that just happened
            }
            try {
                due.add(fromItem(item));
            } catch (RuntimeException unreadableItem) { // one bad item must not stop the purge of all the others
                unreadable.add(Attributes.string(item, "bookingId"));
            }
        }
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        String next = response.hasLastEvaluatedKey() && !last.isEmpty()
                ? last.get("purgeAt").s() + "#" + last.get("bookingId").s() : null;
        return new PurgeStore.Due(due, unreadable, next);
    }

    /**
     * Seals the booking for its purge: from now on nothing can be added under it ({@link #acceptsChildren}), so
     * nothing lands between the purge's delete of its messages and its accounting record. The version stays, so
     * the purge's own last write still applies; any other write of the booking replaces the item, which lifts
     * the seal and makes that last write fail (the next run starts over).
     *
     * @return false when the booking changed since it was read
     */
    public boolean sealForPurge(Booking booking) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("bookingId", s(booking.bookingId())))
                    .updateExpression("SET purgeSealed = :sealed").conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":sealed", bool(true), ":v", n(booking.version()))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** The condition a write under the booking (a message) carries: the booking exists, unpurged and unsealed. */
    TransactWriteItem acceptsChildren(String bookingId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(Map.of("bookingId", s(bookingId)))
                .conditionExpression("attribute_exists(bookingId) AND attribute_not_exists(purgedAt)"
                        + " AND attribute_not_exists(purgeSealed)")).build();
    }

    /**
     * Gives the booking's ledger entries a 10-year expiry, then replaces the booking, if it is unchanged, by its
     * accounting record: the attributes in {@link #ACCOUNTING}, the ledger's last hash, when it was purged and
     * when the record expires. The personal fields, the terms, the venue, the consent receipt, the payment
     * method and the timeline's reasons go; so do the purge index attributes.
     *
     * @return false when the booking changed since it was read (true when the SDK's repeat of this very write
     *         found it done)
     */
    public boolean purge(Booking booking, Instant at, Instant keepUntil) {
        Ledger ledger = ledger(booking.bookingId(), booking.amounts().currency());
        for (LedgerEntry entry : ledger.entries()) {
            dynamoDb.updateItem(r -> r.tableName(ledger()).key(Map.of("bookingId", s(entry.bookingId()),
                            "seq", s(seq(entry.seq()))))
                    .updateExpression("SET expiresAt = :until")
                    .expressionAttributeValues(Map.of(":until", n(keepUntil.getEpochSecond()))));
        }
        Map<String, AttributeValue> full = toItem(booking, booking.version());
        Map<String, AttributeValue> record = new HashMap<>();
        for (String name : ACCOUNTING) {
            if (full.containsKey(name)) {
                record.put(name, full.get(name));
            }
        }
        record.put("version", n(booking.version() + 1));
        record.put("ledgerHead", s(ledger.entries().isEmpty() ? "" : ledger.entries().getLast().hash()));
        record.put("purgedAt", n(at.toEpochMilli()));
        record.put("expiresAt", n(keepUntil.getEpochSecond()));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(record).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(booking.version())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            // The SDK repeats a put whose answer was lost (a timeout, a 5xx); the repeat then finds the record its
            // own first attempt wrote. That is this purge, done, not a booking that changed meanwhile.
            return changed.hasItem() && record.get("purgedAt").equals(changed.item().get("purgedAt"))
                    && record.get("version").equals(changed.item().get("version"));
        }
    }

    /** A provider's bookings not yet purged, a page at a time (the history export). */
    public BookingArchive.Page page(UserId provider, String cursor, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName("byProvider")
                .keyConditionExpression("providerId = :p").expressionAttributeValues(Map.of(":p", s(provider.value())))
                .limit(limit);
        if (cursor != null) {
            query.exclusiveStartKey(Map.of("providerId", s(provider.value()), "bookingId", s(cursor)));
        }
        var response = dynamoDb.query(query.build());
        List<String> ids = response.items().stream().map(key -> Attributes.string(key, "bookingId")).toList();
        List<Booking> bookings = Batches.getInOrder(dynamoDb, table, "bookingId", ids).stream()
                .filter(item -> !purged(item)).map(this::fromItem).toList();
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey().get("bookingId").s() : null;
        return new BookingArchive.Page(bookings, next);
    }

    private String ledger() {
        return ledger.get();
    }

    /** A ledger position as its sort key: zero-padded, so it sorts. */
    private static String seq(long position) {
        return String.format("%012d", position);
    }

    private static boolean purged(Map<String, AttributeValue> item) {
        return item.containsKey("purgedAt");
    }

    @Override
    public List<Booking> due(Instant now, int limit) {
        List<Booking> due = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(table).indexName("due")
                .keyConditionExpression("dueShard = :shard AND dueAt <= :now")
                .expressionAttributeValues(Map.of(":shard", s(DUE_SHARD), ":now", s(sortable(now))))
                .limit(limit).build();
        for (Map<String, AttributeValue> item : dynamoDb.query(query).items()) {
            find(Attributes.string(item, "bookingId")).ifPresent(due::add); // the index may lag: read the item
        }
        return due;
    }

    static List<String> slotKeys(Booking booking) {
        List<String> keys = new ArrayList<>();
        long slotMinutes = SLOT.toMinutes();
        long first = booking.startsAt().getEpochSecond() / 60 / slotMinutes * slotMinutes;
        long endMinutes = (booking.endsAt().getEpochSecond() + 59) / 60;
        for (long bucket = first; bucket < endMinutes; bucket += slotMinutes) {
            keys.add(booking.providerId().value() + "#" + bucket);
        }
        return keys;
    }

    /** Epoch milliseconds, zero-padded: sorts as text in the index. */
    static String sortable(Instant at) {
        return String.format("%015d", at.toEpochMilli());
    }

    private Map<String, AttributeValue> toItem(Booking b, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("bookingId", s(b.bookingId()));
        item.put("offerId", s(b.offerId()));
        item.put("customerId", s(b.customerId().value()));
        item.put("providerId", s(b.providerId().value()));
        item.put("startsAt", n(b.startsAt().toEpochMilli()));
        item.put("endsAt", n(b.endsAt().toEpochMilli()));
        item.put("status", s(b.status().name()));
        item.put("currency", s(b.amounts().currency()));
        item.put("priceCents", n(b.amounts().price().minorUnits()));
        item.put("bookingFeeCents", n(b.amounts().bookingFee().minorUnits()));
        item.put("paymentMethod", s(b.paymentMethod()));
        ConsentReceipt c = b.consent();
        item.put("consent", AttributeValue.fromM(Map.of(
                "customerId", s(c.customerId().value()), "acceptedAt", n(c.acceptedAt().toEpochMilli()),
                "termsVersion", s(c.termsVersion()), "termsSha256", s(c.termsSha256()),
                "termsAndConditions", bool(c.termsAndConditions()), "cancellationPolicy", bool(c.cancellationPolicy()))));
        CancellationPolicy policy = b.cancellationPolicy();
        item.put("cancellationPolicy", AttributeValue.fromM(Map.of("freeUntilHours", n(policy.freeUntilHours()),
                "lateRefundPercent", n(policy.lateRefundPercent()), "noCancelWithinHours", n(policy.noCancelWithinHours()))));
        if (b.venue() != null) {
            item.put("venue", AttributeValue.fromM(Map.of("name", s(b.venue().name()), "lat", n(b.venue().lat()),
                    "lon", n(b.venue().lon()), "radiusMeters", n(b.venue().radiusMeters()))));
        }
        item.put("terms", AttributeValue.fromL(b.terms().stream().map(t -> AttributeValue.fromM(Map.of(
                "id", s(t.id()), "kind", s(t.kind().name()), "text", s(t.text())))).toList()));
        encrypted.put(item, b.customerId(), b.bookingId(), "checkInSecret", b.checkInSecret());
        item.put("checkInFailures", n(b.checkInFailures()));
        item.put("timeline", AttributeValue.fromL(b.timeline().stream().map(e -> {
            Map<String, AttributeValue> m = new HashMap<>(Map.of("status", s(e.status().name()),
                    "at", n(e.at().toEpochMilli())));
            if (e.reason() != null) {
                m.put("reason", s(e.reason()));
            }
            return AttributeValue.fromM(m);
        }).toList()));
        EscrowBalance e = b.escrow();
        item.put("escrow", AttributeValue.fromM(Map.of("held", n(e.held()), "toPlatform", n(e.toPlatform()),
                "toProvider", n(e.toProvider()), "refunded", n(e.refunded()), "stillHeld", n(e.stillHeld()))));
        item.put("outbox", AttributeValue.fromL(b.outbox().stream().map(cmd -> AttributeValue.fromM(Map.of(
                "commandId", s(cmd.commandId()), "kind", s(cmd.kind().name()), "amount", n(cmd.amount())))).toList()));
        // in the purge indexes until purged: the accounting record that replaces it has none of these
        item.put("purgeShard", s(PURGE_SHARD));
        item.put("purgeProvider", s(b.providerId().value()));
        item.put("purgeAt", s(sortable(b.endsAt())));
        if (b.dueAt() != null) {
            item.put("dueShard", s(DUE_SHARD));
            item.put("dueAt", s(sortable(b.dueAt())));
        }
        item.put("version", n(version));
        return item;
    }

    private Booking fromItem(Map<String, AttributeValue> item) {
        String id = Attributes.string(item, "bookingId");
        var currency = Currencies.parse(Attributes.string(item, "currency")).orElseThrow();
        Map<String, AttributeValue> c = item.get("consent").m();
        Map<String, AttributeValue> p = item.get("cancellationPolicy").m();
        Map<String, AttributeValue> v = item.containsKey("venue") ? item.get("venue").m() : null;
        Map<String, AttributeValue> e = item.get("escrow").m();
        List<TimelineEvent> timeline = item.get("timeline").l().stream().map(AttributeValue::m)
                .map(m -> new TimelineEvent(BookingStatus.valueOf(m.get("status").s()),
                        Instant.ofEpochMilli(Long.parseLong(m.get("at").n())),
                        m.containsKey("reason") ? m.get("reason").s() : null)).toList();
        List<EscrowCommand> outbox = item.get("outbox").l().stream().map(AttributeValue::m)
                .map(m -> new EscrowCommand(m.get("commandId").s(), id, MovementKind.valueOf(m.get("kind").s()),
                        Long.parseLong(m.get("amount").n()))).toList();
        return new Booking(id, Attributes.string(item, "offerId"),
                new UserId(Attributes.string(item, "customerId")), new UserId(Attributes.string(item, "providerId")),
                Instant.ofEpochMilli(Attributes.longValue(item, "startsAt")),
                Instant.ofEpochMilli(Attributes.longValue(item, "endsAt")),
                BookingStatus.valueOf(Attributes.string(item, "status")),
                new Amounts(Money.of(Attributes.longValue(item, "priceCents"), currency),
                        Money.of(Attributes.longValue(item, "bookingFeeCents"), currency)),
                Attributes.string(item, "paymentMethod"),
                new ConsentReceipt(new UserId(c.get("customerId").s()), Instant.ofEpochMilli(Long.parseLong(c.get("acceptedAt").n())),
                        c.get("termsVersion").s(), c.get("termsSha256").s(), c.get("termsAndConditions").bool(),
                        c.get("cancellationPolicy").bool()),
                new CancellationPolicy(Attributes.intValue(p, "freeUntilHours"), Attributes.intValue(p, "lateRefundPercent"),
                        Attributes.intValue(p, "noCancelWithinHours")),
                v == null ? null : new Venue(v.get("name").s(), Attributes.doubleValue(v, "lat"),
                        Attributes.doubleValue(v, "lon"), Attributes.intValue(v, "radiusMeters")),
                item.containsKey("terms") ? item.get("terms").l().stream().map(AttributeValue::m)
                        .map(t -> new Term(t.get("id").s(), TermKind.valueOf(t.get("kind").s()), t.get("text").s()))
                        .toList() : List.of(),
                encrypted.get(item, new UserId(Attributes.string(item, "customerId")), id, "checkInSecret"),
                Attributes.intValue(item, "checkInFailures"),
                timeline,
                new EscrowBalance(Attributes.longValue(e, "held"), Attributes.longValue(e, "toPlatform"),
                        Attributes.longValue(e, "toProvider"), Attributes.longValue(e, "refunded"),
                        Attributes.longValue(e, "stillHeld")),
                outbox,
                item.containsKey("dueAt") ? Instant.ofEpochMilli(Long.parseLong(item.get("dueAt").s())) : null,
                Attributes.longValue(item, "version"));
    }

    private static Map<String, AttributeValue> entryItem(LedgerEntry e) {
        return Map.of("bookingId", s(e.bookingId()), "seq", s(seq(e.seq())),
                "transactionId", s(e.transactionId()), "kind", s(e.kind().name()), "account", s(e.account().name()),
                "amount", n(e.amount()), "currency", s(e.currency()), "at", n(e.at().toEpochMilli()),
                "prevHash", s(e.prevHash()), "hash", s(e.hash()));
    }
}
