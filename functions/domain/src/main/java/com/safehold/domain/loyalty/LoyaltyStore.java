package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port: stores, programs, codes, cards and the scan record (SPEC 4.9). */
public interface LoyaltyStore {

    /**
     * Stores a new store under its id, unless the id is taken.
     *
     * @return empty when stored; else the store that holds the id (a repeat of this very write, when the SDK
     *         repeated it after a lost answer or the client after a 5xx with the same key, finds the store it made)
     */
    Optional<Store> createStore(Store store);

    Optional<Store> store(String storeId);

    /** The stores that exist among {@code storeIds}, by id. */
    Map<String, Store> stores(Collection<String> storeIds);

    /**
     * Replaces the store if its version is still {@code store.version()}. A repeat of this write (the SDK's,
     * after a lost answer) recognises the write it repeats and succeeds, rather than fail its own condition.
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
     * Writes an accepted scan at once: the stamp, both cooldowns, the receipt code's use, the record. The card
     * is written only if it is still as read ({@link AcceptedScan#cardVersion()}), so the answer computed from
     * that read is the card as written.
     *
     * @throws CooldownException    when the customer or the device is still cooling down in the program
     * @throws CodeUsedException    when the receipt code was used meanwhile
     * @throws CardChangedException when the card changed since it was read (nothing was written)
     */
    void accept(AcceptedScan scan, Instant now);

    /** Records a refused scan (no counter: see {@link #count}). */
    void refuse(ScanRecord record);

    /**
     * Adds one to the store's counter of {@code outcome}. Kept out of the scan's own writes: every scan of a
     * store would otherwise write this one item in its transaction, and concurrent transactions on one item
     * cancel each other in DynamoDB.
     */
    void count(String storeId, String outcome);

    /** Counts of the store's scans by outcome ({@code accepted} and each refusal code). */
    Map<String, Long> scanStats(String storeId);

    /**
     * Writes the card after a redemption if its version is still {@code card.version()} and each store in
     * {@code checked} (those of the stamps spent) still has the version read, so no quarantine raised meanwhile
     * is missed. One write: a repeat of it after a lost answer changes nothing.
     *
     * @throws java.util.ConcurrentModificationException when the card or one of the stores changed meanwhile
     */
    void redeem(Card card, Collection<Store> checked);

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

    /** The card changed between the scan's read and its write. */
    final class CardChangedException extends RuntimeException {
        public CardChangedException() {
            super("card changed", null, false, false);
        }
    }

    /** The receipt code was used. */
    final class CodeUsedException extends RuntimeException {
        public CodeUsedException() {
            super("code used", null, false, false);
        }
    }
}
