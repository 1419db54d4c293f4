package com.safehold.adapters.testing;

import com.safehold.adapters.payments.SandboxPaymentProvider;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.VoiceCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link TestDeployment} that records what a handler asks of the world: every DynamoDB request by operation
 * ({@code dynamodb.getItem}), through the shared DynamoDB Local, and every use of the outbound ports
 * ({@code commandRelay.send}, {@code notifier.notify}, {@code callQueue.send}, {@code voiceCalls.place},
 * {@code paymentProvider.hold}, ...), which reach nothing. For checks such as "priming writes nothing".
 */
public class RecordingDeployment extends TestDeployment {

    // No initializers on purpose: TestDeployment's constructor already calls dynamoDb(), before a field
    // initializer of this class would run (and would then replace what that call created).
    private List<String> requests;
    private DynamoDbClient dynamoDb;

    /** What a run of {@link #observe} asked for, in order, and what it printed to stdout. */
    public record Observed(List<String> requests, String stdout) {}

    /** A step that may throw, such as a CRaC hook. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    @Override
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = recording(DynamoDbClient.class, "dynamodb", DynamoDbLocalFixture.client());
        }
        return dynamoDb;
    }

    /**
     * Runs {@code step} with an empty record and stdout (where {@code JsonLog} writes) captured.
     * Not thread-safe across tests that print: stdout is process-wide.
     */
    public Observed observe(Step step) throws Exception {
        dynamoDb();
        requests.clear();
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            step.run();
        } finally {
            System.setOut(original);
        }
        return new Observed(List.copyOf(requests), printed.toString(StandardCharsets.UTF_8));
    }

    @Override
    public CommandRelay commandRelay() {
        return recording(CommandRelay.class, "commandRelay", null);
    }

    @Override
    public Notifier notifier() {
        return recording(Notifier.class, "notifier", null);
    }

    @Override
    public CallQueue callQueue() {
        return recording(CallQueue.class, "callQueue", null);
    }

    @Override
    public VoiceCalls voiceCalls() {
        return recording(VoiceCalls.class, "voiceCalls", null);
    }

    @Override
    public PaymentProvider paymentProvider() {
        return recording(PaymentProvider.class, "paymentProvider", new SandboxPaymentProvider());
    }

    /**
     * {@code port} recording each call as {@code name.method}, then passing it to {@code target}, or, without
     * one, doing nothing (void) or failing (anything that must return something).
     */
    private synchronized <T> T recording(Class<T> port, String name, T target) {
        if (requests == null) {
            requests = Collections.synchronizedList(new ArrayList<>());
        }
        List<String> record = requests;
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "recording " + name;
                };
            }
            record.add(name + "." + method.getName());
            if (target != null) {
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            if (method.getReturnType() == void.class) {
                return null;
            }
            throw new UnsupportedOperationException(name + "." + method.getName() + " reaches nothing in this test");
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }
}
