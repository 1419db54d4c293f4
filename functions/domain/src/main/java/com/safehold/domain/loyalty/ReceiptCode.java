package com.safehold.domain.loyalty;

import java.time.Instant;

/** A stored one-time code: only its hash, where it counts, under which epoch, and until when. */
public record ReceiptCode(String codeHash, String storeId, String programId, long epoch, Instant expiresAt) {}
