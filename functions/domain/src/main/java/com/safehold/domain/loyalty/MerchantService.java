package com.safehold.domain.loyalty;

import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Hashes;
import com.safehold.domain.common.Ids;
import com.safehold.domain.common.QrCodes;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.Violations;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a merchant does with stores (SPEC 4.9): open them, group them into a program, show the rotating
 * code, print one-time codes, pull the kill switch, quarantine and release stamps, read the scan
 * statistics. Only the merchant who owns a store sees it; everyone else gets 404.
 */
public final class MerchantService {

    public static final int MAX_RECEIPT_CODES = 500;
    public static final int MAX_RECEIPT_HOURS = 365 * 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LoyaltyStore store;
    private final Ids ids;
    private final Clock clock;
    private final QrCodes qr;

    public MerchantService(LoyaltyStore store, Ids ids, Clock clock, QrCodes qr) {
        this.store = Objects.requireNonNull(store);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.qr = Objects.requireNonNull(qr);
    }

    /** The code for the in-store screen, its end of validity and a QR code of it. */
    public record DisplayCode(String code, Instant expiresAt, byte[] qrPng) {
        @Override
        public String toString() {
            return "DisplayCode[code redacted, expires " + expiresAt + "]";
        }
    }

    /** Freshly printed one-time codes; they are shown once and stored only as hashes. */
    public record IssuedCodes(List<String> codes, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedCodes[" + codes.size() + " codes redacted, expire " + expiresAt + "]";
        }
    }

    /** {@link #open(Caller, StoreDraft, String)} without an {@code Idempotency-Key}. */
    public Store open(Caller caller, StoreDraft draft) {
        return open(caller, draft, null);
    }

    /**
     * Opens a store. With an {@code Idempotency-Key} its id is derived from the caller and the key, so a request
     * repeated after a lost answer finds the store it made (as a booking or an offer does); so does the SDK's
     * repeat of the write itself. The same key with another store answers 422 {@code idempotency_key_reused}.
     */
    public Store open(Caller caller, StoreDraft draft, String idempotencyKey) {
        caller.require(Role.MERCHANT);
        draft.validate();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String storeId = idempotencyKey == null ? ids.next("sto")
                : "sto_" + Hashes.sha256Hex(caller.userId().value() + "\n" + idempotencyKey).substring(0, 32);
        Store opened = new Store(storeId, caller.userId(), draft.name().strip(), draft.lat(), draft.lon(),
                draft.radiusMeters(), Base64.getEncoder().encodeToString(secret), 0, null, List.of(), clock.now(), 0);
        Optional<Store> holder = store.createStore(opened);
        if (holder.isEmpty()) {
            return opened;
        }
        Store existing = holder.get();
        if (existing.merchantId().equals(opened.merchantId()) && existing.name().equals(opened.name())
                && existing.lat() == opened.lat() && existing.lon() == opened.lon()
                && existing.radiusMeters() == opened.radiusMeters()) {
            return existing; // this request's own store, written by an earlier try
        }
        throw new DomainException(DomainException.Kind.UNPROCESSABLE, "idempotency_key_reused",
                "this Idempotency-Key already opened another store");
    }

    public Program startProgram(Caller caller, ProgramDraft draft) {
        caller.require(Role.MERCHANT);
        draft.validate();
        Map<String, Store> found = store.stores(draft.storeIds());
        List<Store> stores = new ArrayList<>();
        for (String storeId : draft.storeIds()) {
            Store s = found.get(storeId);
            if (s == null || !s.merchantId().equals(caller.userId())) {
                throw DomainException.notFound("store " + storeId);
            }
            if (s.program() != null) {
                throw storeTaken(storeId);
            }
            stores.add(s);
        }
        Program program = new Program(ids.next("prg"), caller.userId(), draft.storeIds(), draft.stampsPerReward(),
                draft.cooldownMinutes(), draft.reward().strip(), clock.now());
        try {
            store.createProgram(program, stores);
        } catch (LoyaltyStore.StoreTakenException raced) {
            throw storeTaken(null);
        }
        return program;
    }

    public DisplayCode displayCode(Caller caller, String storeId) {
        Store s = inProgram(own(caller, storeId));
        Instant now = clock.now();
        String code = DisplayCodes.issue(s, Base64.getDecoder().decode(s.secret()), now);
        return new DisplayCode(code, DisplayCodes.expiresAt(now), qr.png(code));
    }

    public IssuedCodes receiptCodes(Caller caller, String storeId, int count, int expiresInHours) {
        Violations v = new Violations();
        if (count < 1 || count > MAX_RECEIPT_CODES) {
            v.add("count", "out_of_range", "count must be 1.." + MAX_RECEIPT_CODES);
        }
        if (expiresInHours < 1 || expiresInHours > MAX_RECEIPT_HOURS) {
            v.add("expiresInHours", "out_of_range", "expiresInHours must be 1.." + MAX_RECEIPT_HOURS);
        }
        v.throwIfAny();
        Store s = inProgram(own(caller, storeId));
        Instant expiresAt = clock.now().plus(Duration.ofHours(expiresInHours));
        List<String> codes = new ArrayList<>();
        List<ReceiptCode> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String code = ReceiptCodes.generate();
            codes.add(code);
            stored.add(new ReceiptCode(ReceiptCodes.hash(ReceiptCodes.normalise(code).orElseThrow()), s.storeId(),
                    s.program().programId(), s.codeEpoch(), expiresAt));
        }
        store.saveReceiptCodes(stored, expiresAt.plus(Duration.ofDays(30)));
        return new IssuedCodes(codes, expiresAt);
    }

    /**
     * The kill switch: raises the code epoch, so every display and receipt code issued before is refused
     * with {@code code_revoked} from now on; with {@code quarantineSince}, stamps earned at this store since
     * then cannot be redeemed until {@link #releaseStamps}.
     */
    public Store revokeCodes(Caller caller, String storeId, Instant quarantineSince) {
        Instant now = clock.now();
        if (quarantineSince != null && quarantineSince.isAfter(now)) {
            Violations v = new Violations();
            v.add("quarantineStampsSince", "out_of_range", "quarantineStampsSince must not be in the future");
            v.throwIfAny();
        }
        return change(caller, storeId, s -> s.revoked(now, quarantineSince));
    }

    public Store releaseStamps(Caller caller, String storeId) {
        Instant now = clock.now();
        return change(caller, storeId, s -> s.released(now));
    }

    public Map<String, Long> scanStats(Caller caller, String storeId) {
        own(caller, storeId);
        return store.scanStats(storeId);
    }

    /** Applies {@code change} to the current store, again on a concurrent change, until it lands. */
    private Store change(Caller caller, String storeId, UnaryOperator<Store> change) {
        for (int attempt = 0; ; attempt++) {
            Store changed = change.apply(own(caller, storeId));
            try {
                store.updateStore(changed);
                return changed;
            } catch (ConcurrentModificationException e) {
                if (attempt == 4) {
                    throw new DomainException(DomainException.Kind.CONFLICT, "concurrent_update",
                            "the store changed meanwhile; try again");
                }
            }
        }
    }

    private Store own(Caller caller, String storeId) {
        caller.require(Role.MERCHANT);
        return store.store(storeId).filter(s -> s.merchantId().equals(caller.userId()) && !s.isRetired())
                .orElseThrow(() -> DomainException.notFound("store"));
    }

    private static Store inProgram(Store s) {
        if (s.program() == null) {
            throw new DomainException(DomainException.Kind.CONFLICT, "store_without_program",
                    "the store belongs to no loyalty program yet, so its codes would stamp nothing");
        }
        return s;
    }

    private static DomainException storeTaken(String storeId) {
        return new DomainException(DomainException.Kind.CONFLICT, "store_in_program",
                (storeId == null ? "a store" : "store " + storeId) + " already belongs to a program");
    }
}
