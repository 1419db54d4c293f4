package com.safehold.adapters.payments;

import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.escrow.PaymentProvider;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox payment provider of the local platform and tests (SPEC 4.4), behaving like a real one on the
 * points that matter: idempotency keys (a repeated call answers as the first did and does nothing new), card
 * tokens {@code pm_ok} (approved), {@code pm_declined} (declined), {@code pm_unavailable} (temporarily
 * unavailable for the first {@link #UNAVAILABLE_CALLS} attempts of a key, then approved), and the settling
 * types {@code invoice}, {@code direct_debit} and {@code prepayment}, settled into escrow at once here.
 * It counts the holds and movements it really performed, so tests can prove there was exactly one, and keeps
 * the amounts per booking ({@link #recorded()}), so a test can hold every ledger against what the payment
 * provider itself did with the money.
 */
public final class SandboxPaymentProvider implements PaymentProvider {

    public static final int UNAVAILABLE_CALLS = 2;

    private final Map<String, HoldOutcome> holds = new ConcurrentHashMap<>();
    private final Map<String, Long> movements = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> holdsPerBooking = new ConcurrentHashMap<>();
    /** Per booking: what was held, and what each kind of movement moved, counting each idempotency key once. */
    private final Map<String, Map<String, Long>> amountsPerBooking = new ConcurrentHashMap<>();

    /** What the sandbox did with one booking's money: the amount it held and the amounts it moved, by kind. */
    public record BookingMoney(long heldCents, Map<MovementKind, Long> movedCents) {

        public long moved(MovementKind kind) {
            return movedCents.getOrDefault(kind, 0L);
        }
    }

    @Override
    public HoldOutcome hold(String idempotencyKey, String bookingId, String paymentMethod, long amount, String currency) {
        HoldOutcome earlier = holds.get(idempotencyKey);
        if (earlier != null) {
            return earlier;
        }
        if ("pm_unavailable".equals(paymentMethod)
                && attempts.computeIfAbsent(idempotencyKey, k -> new AtomicInteger()).incrementAndGet() <= UNAVAILABLE_CALLS) {
            throw new TemporarilyUnavailable("sandbox: provider unavailable, retry later");
        }
        HoldOutcome outcome = "pm_declined".equals(paymentMethod) ? HoldOutcome.DECLINED : HoldOutcome.APPROVED;
        HoldOutcome first = holds.putIfAbsent(idempotencyKey, outcome);
        if (first == null && outcome == HoldOutcome.APPROVED) {
            holdsPerBooking.computeIfAbsent(bookingId, k -> new AtomicInteger()).incrementAndGet();
            add(bookingId, "HOLD", amount);
        }
        return first == null ? outcome : first;
    }

    @Override
    public void move(String idempotencyKey, String bookingId, MovementKind kind, long amount, String currency) {
        if (movements.putIfAbsent(idempotencyKey, amount) == null) {
            add(bookingId, kind.name(), amount);
        }
    }

    private void add(String bookingId, String what, long amount) {
        amountsPerBooking.computeIfAbsent(bookingId, k -> new ConcurrentHashMap<>()).merge(what, amount, Long::sum);
    }

    /** Every booking the sandbox held or moved money for, with the amounts (a snapshot). */
    public Map<String, BookingMoney> recorded() {
        Map<String, BookingMoney> out = new HashMap<>();
        amountsPerBooking.forEach((bookingId, amounts) -> {
            Map<MovementKind, Long> moved = new EnumMap<>(MovementKind.class);
            amounts.forEach((what, cents) -> {
                if (!what.equals("HOLD")) {
                    moved.put(MovementKind.valueOf(what), cents);
                }
            });
            out.put(bookingId, new BookingMoney(amounts.getOrDefault("HOLD", 0L), Map.copyOf(moved)));
        });
        return out;
    }

    /** How many holds were really placed for a booking (tests: exactly one, whatever was retried). */
    public int holdsPlaced(String bookingId) {
        AtomicInteger count = holdsPerBooking.get(bookingId);
        return count == null ? 0 : count.get();
    }

    /** How many distinct movements were performed (each idempotency key counts once). */
    public int movementsPerformed() {
        return movements.size();
    }
}
