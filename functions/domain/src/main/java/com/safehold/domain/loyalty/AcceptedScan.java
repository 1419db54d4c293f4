package com.safehold.domain.loyalty;

import com.safehold.domain.common.UserId;
import java.time.Instant;

/**
 * Everything an accepted scan writes, at once: the stamp on the card, both cooldowns, the receipt code's
 * use (if it was one), and the scan's record.
 *
 * @param receiptCodeHash the receipt code to mark used, or null for a display code
 * @param cooldownUntil   when the customer and the device may collect again in this program
 * @param cardVersion     the version of the customer's card as read, or null when there was none
 */
public record AcceptedScan(UserId customer, String deviceHash, Store store, Card.Stamp stamp, String receiptCodeHash,
        Instant cooldownUntil, ScanRecord record, Long cardVersion) {}
