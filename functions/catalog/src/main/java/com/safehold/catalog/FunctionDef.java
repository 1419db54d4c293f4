package com.safehold.catalog;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One Lambda function: its handler class, sizing, and exactly which tables it may read or write. The CDK
 * app grants nothing else, and the local platform instantiates {@link #handlerClass()} with the same
 * table names.
 *
 * @param name            function name and the Maven module under {@code functions/} that builds it
 * @param handlerClass    fully qualified class with a public no-argument constructor (Lambda) and a
 *                        constructor taking a {@code Deployment} (local platform, tests)
 * @param memoryMb        memory, which also buys CPU; see docs/decisions/0006-function-sizing.md
 * @param timeoutSeconds  timeout
 * @param tables          tables and the access the function needs
 * @param capabilities    what else it may use beyond its tables (each one a grant and an environment variable)
 * @param module          the Maven module under {@code functions/} whose shaded jar holds the handler (usually
 *                        the name; a module may hold several functions, e.g. the booking API and its timers)
 */
public record FunctionDef(
        String name,
        String handlerClass,
        int memoryMb,
        int timeoutSeconds,
        Map<TableDef, Access> tables,
        Set<Capability> capabilities,
        String module) {

    /** Environment variable holding the KMS key ARN for field encryption, set on every function. */
    public static final String KMS_KEY_VARIABLE = "SAFEHOLD_KMS_KEY_ID";
    /** Environment variable holding the KMS HMAC key ARN for blind indexes (functions with {@code BLIND_INDEX}). */
    public static final String HMAC_KEY_VARIABLE = "SAFEHOLD_HMAC_KEY_ID";
    /** Environment variables naming the Cognito user pool and the API's app client (account functions only). */
    public static final String USER_POOL_VARIABLE = "SAFEHOLD_USER_POOL_ID";
    public static final String USER_POOL_CLIENT_VARIABLE = "SAFEHOLD_USER_POOL_CLIENT_ID";

    /** Environment variable with the SNS topic for domain events and notifications (functions that notify). */
    public static final String EVENTS_TOPIC_VARIABLE = "SAFEHOLD_EVENTS_TOPIC_ARN";
    /** Environment variables configuring SMS & Voice v2 calls (functions with {@code VOICE_CALLS}). */
    public static final String VOICE_ORIGINATION_VARIABLE = "SAFEHOLD_VOICE_ORIGINATION_IDENTITY";
    public static final String VOICE_CONFIGURATION_SET_VARIABLE = "SAFEHOLD_VOICE_CONFIGURATION_SET";
    public static final String VOICE_MAX_PRICE_VARIABLE = "SAFEHOLD_VOICE_MAX_PRICE_PER_MINUTE";
    /** Environment variable naming the payment provider adapter (functions that move money). */
    public static final String PAYMENT_PROVIDER_VARIABLE = "SAFEHOLD_PAYMENT_PROVIDER";

    /** What a function may use besides its tables. */
    public enum Capability {
        /**
         * Encrypts or decrypts personal fields: GenerateDataKey and Decrypt on the data key, and the
         * {@link Tables#KEYS} table of per-person data keys (added to the tables by the constructor).
         */
        FIELD_CIPHER,
        /** Administers the Cognito user pool (only the Cognito actions the auth function calls). */
        ACCOUNT_ADMINISTRATION,
        /** Computes keyed hashes of personal values (blind indexes): GenerateMac on the HMAC key. */
        BLIND_INDEX,
        /** Places voice calls with SMS & Voice v2: SendVoiceMessage from the configured identity and set only. */
        VOICE_CALLS,
        /**
         * Reads a user's e-mail from and deletes users in the Cognito user pool (AdminGetUser, AdminDeleteUser):
         * the personal-data export and erasure.
         */
        ACCOUNT_DELETION,
        /** Publishes domain events and notifications to the SNS topic. */
        EVENTS,
        /** Talks to the payment provider (the escrow worker only). */
        PAYMENTS
    }

    /** A function in the module of its own name, with or without the field cipher (tests' small catalogs). */
    public FunctionDef(String name, String handlerClass, int memoryMb, int timeoutSeconds,
            Map<TableDef, Access> tables, boolean usesFieldCipher) {
        this(name, handlerClass, memoryMb, timeoutSeconds, tables,
                usesFieldCipher ? EnumSet.of(Capability.FIELD_CIPHER) : EnumSet.noneOf(Capability.class), name);
    }

    /** A function in the module of its own name. */
    public FunctionDef(String name, String handlerClass, int memoryMb, int timeoutSeconds,
            Map<TableDef, Access> tables, Set<Capability> capabilities) {
        this(name, handlerClass, memoryMb, timeoutSeconds, tables, capabilities, name);
    }

    public FunctionDef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(handlerClass);
        Objects.requireNonNull(module);
        if (capabilities.contains(Capability.FIELD_CIPHER) && !tables.containsKey(Tables.KEYS)) {
            Map<TableDef, Access> withKeys = new HashMap<>(tables);
            withKeys.put(Tables.KEYS, Access.READ_WRITE); // the cipher creates each person's key on first use
            tables = withKeys;
        }
        tables = Map.copyOf(tables);
        capabilities = capabilities.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    public boolean usesFieldCipher() {
        return capabilities.contains(Capability.FIELD_CIPHER);
    }

    public boolean managesAccounts() {
        return capabilities.contains(Capability.ACCOUNT_ADMINISTRATION);
    }

    public boolean computesBlindIndexes() {
        return capabilities.contains(Capability.BLIND_INDEX);
    }

    public boolean placesCalls() {
        return capabilities.contains(Capability.VOICE_CALLS);
    }

    public boolean deletesAccounts() {
        return capabilities.contains(Capability.ACCOUNT_DELETION);
    }

    public boolean publishesEvents() {
        return capabilities.contains(Capability.EVENTS);
    }

    public boolean movesMoney() {
        return capabilities.contains(Capability.PAYMENTS);
    }

    /** Lambda handler string, {@code class::method}. */
    public String lambdaHandler() {
        return handlerClass + "::handleRequest";
    }

    /** Path of the shaded jar, relative to the repository root. */
    public String jarPath() {
        return "functions/" + module + "/target/function.jar";
    }

    /** CDK construct id, e.g. {@code OffersFunction}. */
    public String constructId() {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + "Function";
    }

    /** Access a function has to a table. */
    public enum Access { READ, READ_WRITE }
}
