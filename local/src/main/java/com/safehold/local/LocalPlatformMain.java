package com.safehold.local;

import com.safehold.catalog.Catalog;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./safehold local}: starts the platform, prints where everything is and the ready line, and stops
 * everything it started on Ctrl-C or SIGTERM.
 */
public final class LocalPlatformMain {

    private LocalPlatformMain() {}

    public static void main(String[] args) throws Exception {
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv());
        LocalPlatform platform = LocalPlatform.start(config, Catalog.safehold());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Safehold local stopping");
            platform.close();
            stopped.countDown();
        }, "safehold-local-shutdown"));
        System.out.println("DynamoDB Local on http://127.0.0.1:" + platform.dynamoDbPort());
        System.out.println("cognito-local on " + platform.cognito().endpoint() + " (pool "
                + platform.cognito().userPoolId() + ", client " + platform.cognito().clientId() + ")");
        System.out.println("Seeded admin: " + config.adminEmail() + " / " + config.adminPassword()
                + " (set SAFEHOLD_ADMIN_EMAIL / SAFEHOLD_ADMIN_PASSWORD to change)");
        System.out.println("Safehold local ready on " + platform.gatewayUri());
        System.out.flush();
        stopped.await();
    }
}
