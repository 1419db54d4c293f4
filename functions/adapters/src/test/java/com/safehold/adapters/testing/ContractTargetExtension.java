package com.safehold.adapters.testing;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Chooses the {@link ContractTarget} once per test JVM (system property {@code safehold.contract.target}:
 * {@code local}, {@code localstack} or {@code aws}), skips a {@link ContractTest} class with the reason when the
 * target is unavailable or lacks a service the class needs, and passes the target to the test's constructor.
 * The target is closed when the JVM ends (the LocalStack container stops, scratch resources are removed), not by
 * a JUnit store, so that it lives as long as the JVM however the runner groups test classes into launches.
 */
final class ContractTargetExtension implements ExecutionCondition, ParameterResolver {

    static final String TARGET_PROPERTY = "safehold.contract.target";
    private static final String LOCALSTACK_TARGET = "com.safehold.adapters.testing.LocalStackTarget";

    private static Selection selection;
    private static RuntimeException failure;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        Optional<ContractTest> annotation = AnnotationSupport.findAnnotation(context.getElement(), ContractTest.class);
        if (annotation.isEmpty()) {
            return ConditionEvaluationResult.enabled("not a contract test");
        }
        Selection selected = selection();
        if (!selected.available()) {
            return ConditionEvaluationResult.disabled(selected.skipped());
        }
        for (ContractTarget.Service service : annotation.get().value()) {
            Optional<String> missing = selected.target().missing(service);
            if (missing.isPresent()) {
                return ConditionEvaluationResult.disabled(service + " is needed but " + missing.get());
            }
        }
        return ConditionEvaluationResult.enabled("against " + selected.target().description());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ContractTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Selection selected = selection();
        if (!selected.available()) {
            throw new ParameterResolutionException("no contract target: " + selected.skipped());
        }
        return selected.target();
    }

    /** The selection of this JVM, made on first use; a target that fails to start fails every contract test. */
    static synchronized Selection selection() {
        if (failure != null) {
            throw failure;
        }
        if (selection == null) {
            String name = System.getProperty(TARGET_PROPERTY, "local").strip();
            Selection selected;
            try {
                selected = select(name);
            } catch (RuntimeException e) {
                failure = e; // once: a container that would not start is not tried again for every class
                throw e;
            }
            if (selected.available()) {
                if (selected.target() instanceof AutoCloseable closeable) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            System.err.println("[contract tests] closing " + selected.target().description()
                                    + " failed: " + e);
                        }
                    }, "contract-target-close"));
                }
            } else {
                System.err.println("[contract tests] skipped, " + name + " target unavailable: " + selected.skipped());
            }
            selection = selected;
        }
        return selection;
    }

    private static Selection select(String name) {
        return switch (name) {
            case "local" -> Selection.ready(new LocalTarget());
            case "aws" -> AwsStackTarget.open();
            case "localstack" -> openLocalStack();
            default -> throw new ExtensionConfigurationException("unknown " + TARGET_PROPERTY + " '" + name
                    + "': local (default), localstack (-Plocalstack) or aws (-Paws)");
        };
    }

    /** Compiled only under -Plocalstack, with Testcontainers (src/test-localstack/java). */
    private static Selection openLocalStack() {
        try {
            return (Selection) Class.forName(LOCALSTACK_TARGET).getMethod("open").invoke(null);
        } catch (ClassNotFoundException e) {
            throw new ExtensionConfigurationException("the localstack target is built with -Plocalstack only: "
                    + "mvn -Plocalstack -pl functions/adapters -am verify", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ExtensionConfigurationException("LocalStack did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("cannot open " + LOCALSTACK_TARGET, e);
        }
    }
}
