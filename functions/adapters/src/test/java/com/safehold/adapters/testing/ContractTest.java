package com.safehold.adapters.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An adapter contract test: the same test code runs against the local emulators (the default build), LocalStack
 * ({@code -Plocalstack}) or a deployed stack ({@code -Paws}); its constructor takes the {@link ContractTarget}.
 * The class is skipped, with the reason, where the target is unavailable (no Docker engine, no credentials, no
 * stack named) or lacks a service it needs. Tagged {@code contract}: the two profiles run only these.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("contract")
@ExtendWith(ContractTargetExtension.class)
public @interface ContractTest {

    /** The services the test needs. */
    ContractTarget.Service[] value() default ContractTarget.Service.DYNAMODB;
}
