package com.safehold.local.faults;

import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.domain.escrow.MovementKind;
import com.safehold.domain.escrow.PaymentProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The escrow worker's payment provider in the fault tests: the sandbox, behind a switch that takes the provider down
 * (every call is {@link PaymentProvider.TemporarilyUnavailable}, as in an outage) and a record of what the sandbox
 * really did. The sandbox is idempotent by key, so what was performed is the first successful call of each key;
 * {@link #calls} also counts the repeats and the refused calls.
 */
final class Payments implements PaymentProvider {

    /** One movement the provider performed (a hold is one too). */
    record Performed(String key, String bookingId, MovementKind kind, long amount) {}

    private final SandboxPaymentProvider sandbox = new SandboxPaymentProvider();
    private final Map<String, Performed> performed = new ConcurrentHashMap<>();
    private final List<String> conflicts = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile boolean down;

    void down(boolean down) {
        this.down = down;
    }

    @Override
    public HoldOutcome hold(String key, String bookingId, String paymentMethod, long amount, String currency) {
        count(key);
        HoldOutcome outcome = sandbox.hold(key, bookingId, paymentMethod, amount, currency);
        if (outcome == HoldOutcome.APPROVED) {
            record(new Performed(key, bookingId, MovementKind.HOLD, amount));
        }
        return outcome;
    }

    @Override
    public void move(String key, String bookingId, MovementKind kind, long amount, String currency) {
        count(key);
        sandbox.move(key, bookingId, kind, amount, currency);
        record(new Performed(key, bookingId, kind, amount));
    }

    private void count(String key) {
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (down) {
            throw new TemporarilyUnavailable("payment provider outage (test)");
        }
    }

    private void record(Performed movement) {
        Performed first = performed.putIfAbsent(movement.key(), movement);
        if (first != null && !first.equals(movement)) {
            conflicts.add(movement.key()); // one key, two different movements: the provider would refuse it
        }
    }

    /** What the provider performed for a booking, one entry per idempotency key. */
    List<Performed> performedFor(String bookingId) {
        return performed.values().stream().filter(p -> p.bookingId().equals(bookingId)).toList();
    }

    /** Keys used for two different movements. */
    List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Calls with this key, repeats and refusals included. */
    int calls(String key) {
        AtomicInteger count = calls.get(key);
        return count == null ? 0 : count.get();
    }

    int holdsPlaced(String bookingId) {
        return sandbox.holdsPlaced(bookingId);
    }
}
