package com.safehold.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.dynamodb.DynamoDbLoyaltyStore;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.DomainException.Kind;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.loyalty.AcceptedScan;
import com.safehold.domain.loyalty.Card;
import com.safehold.domain.loyalty.DisplayCodes;
import com.safehold.domain.loyalty.LoyaltyStore;
import com.safehold.domain.loyalty.MerchantService;
import com.safehold.domain.loyalty.Program;
import com.safehold.domain.loyalty.ProgramDraft;
import com.safehold.domain.loyalty.ReceiptCode;
import com.safehold.domain.loyalty.ReceiptCodes;
import com.safehold.domain.loyalty.ScanRecord;
import com.safehold.domain.loyalty.ScanRequest;
import com.safehold.domain.loyalty.ScanService;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.loyalty.StoreDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SPEC 4.9's scan checks one by one on DynamoDB Local (decision 0012): the display code's windows and epoch, the
 * receipt code's expiry (checked before the store is read), the accuracy threshold, codes that name nothing
 * stampable, what the tables hold (no secret, no position), and the answer of a scan whose card changed meanwhile.
 */
class ScanValidationTest {

    private static final double LAT = 48.2104;
    private static final double LON = 16.3656;
    /** About 1 km north of the store. */
    private static final double ONE_KM_NORTH = LAT + 0.009;

    private final TestDeployment deployment = new TestDeployment();
    private final DynamoDbLoyaltyStore real = ScanApiHandler.loyaltyStore(deployment);
    private final Counting store = new Counting(real);
    private final MerchantService merchants = new MerchantService(real, deployment.ids(), deployment.clock(),
            text -> new byte[] {1});
    private final ScanService scans = new ScanService(store, deployment.ids(), deployment.clock());
    private final Caller merchant = new Caller(new UserId(UUID.randomUUID().toString()), Set.of(Role.MERCHANT));

    @Test
    void aDisplayCodeFromThePreviousWindowIsAccepted_aFutureWindowOrAHigherEpochIsInvalid() {
        Store shop = shop(60, 0);
        String code = merchants.displayCode(merchant, shop.storeId()).code();
        deployment.advance(Duration.ofSeconds(30)); // always the next window: the code's is now the previous one
        assertThat(DisplayCodes.window(deployment.clock().now()))
                .isEqualTo(DisplayCodes.parse(code).orElseThrow().window() + 1);
        assertThat(scans.scan(customer(), inStore(code, "d-1")).stamps()).isEqualTo(1);

        byte[] secret = Base64.getDecoder().decode(shop.secret());
        String future = DisplayCodes.issue(shop, secret, deployment.clock().now().plus(DisplayCodes.WINDOW));
        assertRefused(() -> scans.scan(customer(), inStore(future, "d-2")), Kind.INVALID, "invalid_code");
        Store higherEpoch = new Store(shop.storeId(), shop.merchantId(), shop.name(), shop.lat(), shop.lon(),
                shop.radiusMeters(), shop.secret(), shop.codeEpoch() + 1, shop.program(), List.of(), shop.createdAt(),
                shop.version());
        String fromTheFuture = DisplayCodes.issue(higherEpoch, secret, deployment.clock().now());
        assertRefused(() -> scans.scan(customer(), inStore(fromTheFuture, "d-3")), Kind.INVALID, "invalid_code");
        // and the same code, correctly signed for the current epoch and window, works
        String current = DisplayCodes.issue(shop, secret, deployment.clock().now());
        assertThat(scans.scan(customer(), inStore(current, "d-4")).stamps()).isEqualTo(1);
    }

    @Test
    void theRawStoreItem_holdsNoSecretInClear() {
        Store shop = shop(60, 0);
        Map<String, AttributeValue> item = deployment.dynamoDb().getItem(r -> r.tableName(Tables.STORES.name())
                .consistentRead(true).key(Map.of("storeId", AttributeValue.fromS(shop.storeId())))).item();
        assertThat(item).containsKey("secret");
        byte[] secret = Base64.getDecoder().decode(shop.secret());
        assertThat(item.toString()).doesNotContain(shop.secret())
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(java.util.HexFormat.of().formatHex(secret));
        for (AttributeValue value : item.values()) {
            if (value.b() != null) {
                assertThat(indexOf(value.b().asByteArray(), secret)).as("the raw bytes of the secret").isEqualTo(-1);
            }
        }
    }

    @Test
    void aReceiptCodePastItsExpiry_isCodeExpired_decidedBeforeTheStoreIsRead() {
        Store shop = shop(60, 0);
        String code = merchants.receiptCodes(merchant, shop.storeId(), 1, 1).codes().getFirst();
        deployment.advance(Duration.ofHours(1));
        int reads = store.storeReads.get();
        assertRefused(() -> scans.scan(customer(), inStore(code, "d-1")), Kind.GONE, "code_expired");
        assertThat(store.storeReads.get()).as("the store and card are not read for an expired code").isEqualTo(reads);
        assertThat(merchants.scanStats(merchant, shop.storeId())).containsEntry("code_expired", 1L);
    }

    @Test
    void aFixLessPreciseThan100m_isRefusedEvenInsideALargeStore_aPreciseOneIsAccepted() {
        Store large = shop(500, 0);
        String code = merchants.displayCode(merchant, large.storeId()).code();
        // 150 m of accuracy at the very centre of a 500 m store would fit inside the radius: refused all the same
        assertRefused(() -> scans.scan(customer(), new ScanRequest(code, LAT, LON, 150, "d-1")), Kind.FORBIDDEN,
                "outside_store");
        assertThat(scans.scan(customer(), new ScanRequest(code, LAT, LON, 90, "d-2")).stamps()).isEqualTo(1);
    }

    @Test
    void aRefusedScansRecord_holdsBucketsOnly_neverThePosition() {
        Store shop = shop(60, 0);
        Caller customer = customer();
        String code = merchants.displayCode(merchant, shop.storeId()).code();
        assertRefused(() -> scans.scan(customer, new ScanRequest(code, ONE_KM_NORTH, LON, 12.5, "d-1")),
                Kind.FORBIDDEN, "outside_store");
        List<Map<String, AttributeValue>> records = deployment.dynamoDb().query(r -> r.tableName(Tables.SCANS.name())
                .keyConditionExpression("storeId = :s AND begins_with(scanKey, :p)")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(shop.storeId()),
                        ":p", AttributeValue.fromS("scan#")))).items();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.keySet()).containsExactlyInAnyOrder("storeId", "scanKey", "outcome", "customerId",
                    "deviceHash", "distance", "accuracy", "expiresAt");
            assertThat(record.get("outcome").s()).isEqualTo("outside_store");
            assertThat(record.get("distance").s()).isEqualTo(">=1km");
            assertThat(record.get("accuracy").s()).isEqualTo("<20m");
            assertThat(record.get("customerId").s()).isEqualTo(customer.userId().value());
            assertThat(record.toString()).doesNotContain(String.valueOf(ONE_KM_NORTH)).doesNotContain("48.2")
                    .doesNotContain("16.36").doesNotContain("12.5").doesNotContain("d-1");
        });
    }

    @Test
    void aWellFormedReceiptCodeThatWasNeverIssued_isInvalid() {
        String never = ReceiptCodes.generate();
        assertThat(ReceiptCodes.normalise(never)).isPresent();
        assertRefused(() -> scans.scan(customer(), inStore(never, "d-1")), Kind.INVALID, "invalid_code");
    }

    @Test
    void aCodeNamingAStoreInNoProgram_isInvalid() {
        Store bare = merchants.open(merchant, new StoreDraft("Bare", LAT, LON, 60));
        // its merchant cannot get one (409 store_without_program); a signed code naming a made-up program is refused
        assertRefused(() -> merchants.displayCode(merchant, bare.storeId()), Kind.CONFLICT, "store_without_program");
        String forged = DisplayCodes.issue(bare.withProgram(new Store.ProgramRules("prg_made_up", 5, 0, "x")),
                Base64.getDecoder().decode(bare.secret()), deployment.clock().now());
        assertRefused(() -> scans.scan(customer(), inStore(forged, "d-1")), Kind.INVALID, "invalid_code");
    }

    @Test
    void redeemingWithoutACard_isNotFound() {
        Store shop = shop(60, 0);
        assertRefused(() -> scans.redeem(customer(), shop.program().programId()), Kind.NOT_FOUND, "not_found");
    }

    @Test
    void aScansAnswer_isTheCardAsWritten_evenWhenAnotherScanStampedItBetweenTheReadAndTheWrite() {
        // two stores in one program, two stamps per reward: the racing scan's stamp plus this one earn the reward
        Caller owner = merchant;
        Store second = merchants.open(owner, new StoreDraft("Second", LAT, LON, 60));
        Store a = merchants.open(owner, new StoreDraft("A", LAT, LON, 60));
        Program program = merchants.startProgram(owner, new ProgramDraft(List.of(a.storeId(), second.storeId()), 2, 0,
                "Cake"));
        Caller customer = customer();
        String racing = merchants.displayCode(owner, second.storeId()).code();
        store.afterRead = () -> scans.scan(customer, inStore(racing, "other-phone"));
        ScanService.ScanResult result = scans.scan(customer, inStore(merchants.displayCode(owner, a.storeId()).code(),
                "phone"));
        assertThat(result.programId()).isEqualTo(program.programId());
        assertThat(result.stamps()).as("the card holds both stamps").isEqualTo(2);
        assertThat(result.rewardEarned()).isTrue();
        assertThat(real.card(customer.userId(), program.programId()).orElseThrow().stamps()).hasSize(2);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Store shop(int radiusMeters, int cooldownMinutes) {
        Store opened = merchants.open(merchant, new StoreDraft("Café", LAT, LON, radiusMeters));
        Program program = merchants.startProgram(merchant,
                new ProgramDraft(List.of(opened.storeId()), 5, cooldownMinutes, "Coffee"));
        return real.store(opened.storeId()).orElseThrow().withProgram(program.rules());
    }

    private static ScanRequest inStore(String code, String device) {
        return new ScanRequest(code, LAT, LON, 10, device);
    }

    private static Caller customer() {
        return new Caller(new UserId(UUID.randomUUID().toString()), Set.of(Role.CUSTOMER));
    }

    private static void assertRefused(Runnable scan, Kind kind, String code) {
        assertThatThrownBy(scan::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.kind()).isEqualTo(kind);
        });
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The real store, counting the store-and-card reads, and running {@link #afterRead} once after the next one. */
    private static final class Counting implements LoyaltyStore {
        final LoyaltyStore real;
        final AtomicInteger storeReads = new AtomicInteger();
        Runnable afterRead;

        Counting(LoyaltyStore real) {
            this.real = real;
        }

        @Override public StoreAndCard storeAndCard(String storeId, UserId customer, String programId) {
            storeReads.incrementAndGet();
            StoreAndCard read = real.storeAndCard(storeId, customer, programId);
            Runnable then = afterRead;
            afterRead = null;
            if (then != null) {
                then.run();
            }
            return read;
        }

        @Override public Optional<Store> createStore(Store store) { return real.createStore(store); }
        @Override public Optional<Store> store(String storeId) { return real.store(storeId); }
        @Override public Map<String, Store> stores(Collection<String> storeIds) { return real.stores(storeIds); }
        @Override public void updateStore(Store store) { real.updateStore(store); }
        @Override public void createProgram(Program program, List<Store> stores) { real.createProgram(program, stores); }
        @Override public void saveReceiptCodes(List<ReceiptCode> codes, Instant keepUntil) {
            real.saveReceiptCodes(codes, keepUntil);
        }
        @Override public Optional<ReceiptCode> receiptCode(String codeHash) { return real.receiptCode(codeHash); }
        @Override public Optional<Card> card(UserId customer, String programId) { return real.card(customer, programId); }
        @Override public List<Card> cards(UserId customer) { return real.cards(customer); }
        @Override public void accept(AcceptedScan scan, Instant now) { real.accept(scan, now); }
        @Override public void refuse(ScanRecord record) { real.refuse(record); }
        @Override public void count(String storeId, String outcome) { real.count(storeId, outcome); }
        @Override public Map<String, Long> scanStats(String storeId) { return real.scanStats(storeId); }
        @Override public void redeem(Card card, Collection<Store> checked) { real.redeem(card, checked); }
        @Override public List<Store> storesOf(UserId merchant) { return real.storesOf(merchant); }
        @Override public void deleteStore(String storeId) { real.deleteStore(storeId); }
        @Override public List<ScanRecord> scansOf(UserId customer) { return real.scansOf(customer); }
    }
}
