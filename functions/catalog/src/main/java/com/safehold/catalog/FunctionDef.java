package com.safehold.catalog;

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
 * @param usesFieldCipher whether it encrypts or decrypts personal fields (KMS key grant)
 * @param managesAccounts whether it administers the Cognito user pool (only the Cognito actions the auth
 *                        function calls) and computes blind indexes of e-mail addresses (KMS HMAC key)
 * @param module          the Maven module under {@code functions/} whose shaded jar holds the handler (usually
 *                        the name; a module may hold several functions, e.g. the booking API and its timers)
 */
public record FunctionDef(
        String name,
        String handlerClass,
        int memoryMb,
        int timeoutSeconds,
        Map<TableDef, Access> tables,
        boolean usesFieldCipher,
        boolean managesAccounts,
        String module) {

    /** Environment variable holding the KMS key ARN for field encryption, set on every function. */
    public static final String KMS_KEY_VARIABLE = "SAFEHOLD_KMS_KEY_ID";
    /** Environment variable holding the KMS HMAC key ARN for blind indexes (account functions only). */
    public static final String HMAC_KEY_VARIABLE = "SAFEHOLD_HMAC_KEY_ID";
    /** Environment variables naming the Cognito user pool and the API's app client (account functions only). */
    public static final String USER_POOL_VARIABLE = "SAFEHOLD_USER_POOL_ID";
    public static final String USER_POOL_CLIENT_VARIABLE = "SAFEHOLD_USER_POOL_CLIENT_ID";

    /** A function that does not administer accounts, in the module of its own name. */
    public FunctionDef(String name, String handlerClass, int memoryMb, int timeoutSeconds,
            Map<TableDef, Access> tables, boolean usesFieldCipher) {
        this(name, handlerClass, memoryMb, timeoutSeconds, tables, usesFieldCipher, false, name);
    }

    /** A function in the module of its own name. */
    public FunctionDef(String name, String handlerClass, int memoryMb, int timeoutSeconds,
            Map<TableDef, Access> tables, boolean usesFieldCipher, boolean managesAccounts) {
        this(name, handlerClass, memoryMb, timeoutSeconds, tables, usesFieldCipher, managesAccounts, name);
    }

    public FunctionDef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(handlerClass);
        Objects.requireNonNull(module);
        tables = Map.copyOf(tables);
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
