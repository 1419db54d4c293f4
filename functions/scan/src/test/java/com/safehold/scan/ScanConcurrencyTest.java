package com.safehold.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.adapters.dynamodb.DynamoDbLoyaltyStore;
import com.safehold.adapters.testing.Race;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.loyalty.MerchantService;
import com.safehold.domain.loyalty.Program;
import com.safehold.domain.loyalty.ProgramDraft;
import com.safehold.domain.loyalty.ScanRequest;
import com.safehold.domain.loyalty.ScanService;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.loyalty.StoreDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scans and redemptions racing each other on DynamoDB Local: codes stamp once, rewards are spent once. */
@Timeout(120)
class ScanConcurrencyTest {

    private static final double LAT = 48.2104;
    private static final double LON = 16.3656;

    private final TestDeployment deployment = new TestDeployment();
    private final DynamoDbLoyaltyStore store = ScanApiHandler.loyaltyStore(deployment);
    private final MerchantService merchants = new MerchantService(store, deployment.ids(), deployment.clock(),
            text -> new byte[] {1});
    private final ScanService scans = new ScanService(store, deployment.ids(), deployment.clock());
    private final Caller merchant = new Caller(new UserId(UUID.randomUUID().toString()), Set.of(Role.MERCHANT));
    @Test
    void fiftyConcurrentScansOfOneReceiptCode_giveExactlyOneStamp() throws Exception {
        Store shop = shop(10, 0);
        String code = merchants.receiptCodes(merchant, shop.storeId(), 1, 24).codes().getFirst();
        List<Caller> customers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            customers.add(customer());
        }

        List<String> outcomes = Race.of(50, i -> {
            try {
                scans.scan(customers.get(i), new ScanRequest(code, LAT, LON, 5, "device-" + i));
                return "stamped";
            } catch (DomainException refused) {
                return refused.code();
            }
        });

        assertThat(outcomes).filteredOn("stamped"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.equals("stamped")).containsOnly("code_used");
        long stamps = customers.stream().mapToLong(c -> scans.cards(c).stream()
                .mapToLong(v -> v.card().stamps().size()).sum()).sum();
        assertThat(stamps).isEqualTo(1);
        Map<String, Long> stats = merchants.scanStats(merchant, shop.storeId());
        assertThat(stats).containsEntry("accepted", 1L).containsEntry("code_used", 49L);
    }

    @Test
    void oneCustomerScanningTwentyTimesAtOnce_getsOneStamp() throws Exception {
        Store shop = shop(10, 30);
        Caller customer = customer();
        String code = merchants.displayCode(merchant, shop.storeId()).code();

        List<String> outcomes = Race.of(20, i -> {
            try {
                scans.scan(customer, new ScanRequest(code, LAT, LON, 5, "device-" + i));
                return "stamped";
            } catch (DomainException refused) {
                return refused.code();
            }
        });

        assertThat(outcomes).filteredOn("stamped"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.equals("stamped")).containsOnly("cooldown");
        assertThat(scans.cards(customer).getFirst().card().stamps()).hasSize(1);
    }

    @Test
    void concurrentRedemptionsOfTheLastReward_giveExactlyOne() throws Exception {
        Store shop = shop(2, 0);
        Caller customer = customer();
        for (int i = 0; i < 3; i++) { // three stamps: one reward, one stamp left over
            scans.scan(customer, new ScanRequest(merchants.displayCode(merchant, shop.storeId()).code(), LAT, LON, 5, "d"));
            deployment.advance(Duration.ofSeconds(1));
        }
        String programId = shop.program().programId();

        List<String> outcomes = Race.of(10, i -> {
            try {
                return "redeemed:" + scans.redeem(customer, programId).stampsLeft();
            } catch (DomainException refused) {
                return refused.code();
            }
        });

        assertThat(outcomes).filteredOn(o -> o.startsWith("redeemed")).containsExactly("redeemed:1");
        assertThat(outcomes).filteredOn(o -> !o.startsWith("redeemed")).containsOnly("not_enough_stamps");
        assertThat(scans.cards(customer).getFirst().card().rewardsRedeemed()).isEqualTo(1);
    }

    private Store shop(int stampsPerReward, int cooldownMinutes) {
        Store opened = merchants.open(merchant, new StoreDraft("Café", LAT, LON, 60));
        Program program = merchants.startProgram(merchant,
                new ProgramDraft(List.of(opened.storeId()), stampsPerReward, cooldownMinutes, "Coffee"));
        return opened.withProgram(program.rules());
    }

    private static Caller customer() {
        return new Caller(new UserId(UUID.randomUUID().toString()), Set.of(Role.CUSTOMER));
    }
}
