package com.safehold.local;

import java.util.Map;

/**
 * Ports and the seeded admin (SPEC 2). Every service binds 127.0.0.1; a port of 0 picks a free one (tests).
 *
 * @param gatewayPort   {@code SAFEHOLD_PORT}, default 8080
 * @param dynamoDbPort  {@code SAFEHOLD_DYNAMODB_PORT}, default 8000
 * @param sqsPort       {@code SAFEHOLD_SQS_PORT}, default 9324
 * @param cognitoPort   {@code SAFEHOLD_COGNITO_PORT}, default 9229
 * @param adminEmail    {@code SAFEHOLD_ADMIN_EMAIL}
 * @param adminPassword {@code SAFEHOLD_ADMIN_PASSWORD}
 */
public record LocalConfig(int gatewayPort, int dynamoDbPort, int sqsPort, int cognitoPort, String adminEmail,
        String adminPassword) {

    public static final String DEFAULT_ADMIN_EMAIL = "admin@safehold.local";
    /** Local only, printed at start; meets the default password policy. */
    public static final String DEFAULT_ADMIN_PASSWORD = "Local-Admin-Passw0rd!";

    public static LocalConfig fromEnvironment(Map<String, String> env) {
        return new LocalConfig(
                port(env, "SAFEHOLD_PORT", 8080),
                port(env, "SAFEHOLD_DYNAMODB_PORT", 8000),
                port(env, "SAFEHOLD_SQS_PORT", 9324),
                port(env, "SAFEHOLD_COGNITO_PORT", 9229),
                env.getOrDefault("SAFEHOLD_ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL),
                env.getOrDefault("SAFEHOLD_ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD));
    }

    /** Every port chosen by the OS: for tests that run beside a started platform. */
    public static LocalConfig ephemeral() {
        return new LocalConfig(0, 0, 0, 0, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number 0..65535");
        }
    }
}
