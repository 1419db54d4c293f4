package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port: stores, programs, codes, cards and the scan record (SPEC 4.9). */
public interface LoyaltyStore {

    void createStore(Store store);

    Optional<Store> store(String storeId);

    /** The stores that exist among {@code storeIds}, by id. */
    Map<String, Store> stores(Collection<String> storeIds);

    /**
     * Replaces the store if its version is still {@code store.version()}.
     *
     * @throws java.util.ConcurrentModificationException when it changed meanwhile
     */
    void updateStore(Store store);

    /**
     * Stores the program and puts its rules into each of its stores, atomically.
     *
     * @throws StoreTakenException when one of the stores joined another program meanwhile or changed
     */
    void createProgram(Program program, List<Store> stores);

    void saveReceiptCodes(List<ReceiptCode> codes, Instant keepUntil);

    Optional<ReceiptCode> receiptCode(String codeHash);

    /** The store and, if the customer has one, their card in the program: one read. */
    StoreAndCard storeAndCard(String storeId, UserId customer, String programId);

    record StoreAndCard(Optional<Store> store, Optional<Card> card) {}

    Optional<Card> card(UserId customer, String programId);

    List<Card> cards(UserId customer);

    /**
     * Writes an accepted scan at once: the stamp, both cooldowns, the receipt code's use, the record.
     *
     * @throws CooldownException  when the customer or the device is still cooling down in the program
     * @throws CodeUsedException  when the receipt code was used meanwhile
     */
    void accept(AcceptedScan scan, Instant now);

    /** Records a refused scan and counts it for its store. */
    void refuse(ScanRecord record);

    /** Counts of the store's scans by outcome ({@code accepted} and each refusal code). */
    Map<String, Long> scanStats(String storeId);

    /**
     * Replaces the card if its version is still {@code card.version()}.
     *
     * @throws java.util.ConcurrentModificationException when a scan or another redeem changed it meanwhile
     */
    void updateCard(Card card);

    /** Every store of {@code merchant} (an index query, never a scan): their export and erasure (SPEC 4.7). */
    List<Store> storesOf(UserId merchant);

    /**
     * Deletes the store (its merchant is erased): its codes then find no store and are {@code invalid_code}.
     * Nothing happens if it is gone already.
     */
    void deleteStore(String storeId);

    /** The records of {@code customer}'s own scans still kept (90 days), an index query: their export. */
    List<ScanRecord> scansOf(UserId customer);

    /** A store in the program already belongs to a program (or changed): 409 {@code store_in_program}. */
    final class StoreTakenException extends RuntimeException {
        public StoreTakenException() {
            super("store taken", null, false, false);
        }
    }

    /** The customer or the device is cooling down until {@code until}. */
    final class CooldownException extends RuntimeException {
        private final Instant until;

        public CooldownException(Instant until) {
            super("cooldown", null, false, false);
            this.until = until;
        }

        public Instant until() {
            return until;
        }
    }

    /** The receipt code was used. */
    final class CodeUsedException extends RuntimeException {
        public CodeUsedException() {
            super("code used", null, false, false);
        }
    }
}
