package com.safehold.local;

import com.safehold.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the end-to-end test classes: one whole local platform per class (started before its first test,
 * stopped after its last), an HTTP client for its gateway, and users made and signed in over HTTP.
 */
abstract class EndToEndTest {

    static LocalPlatform platform;
    static Http http;
    static Users users;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = LocalPlatform.start(LocalConfig.ephemeral(), Catalog.safehold());
        http = new Http(platform.gatewayUri());
        users = new Users(platform, http);
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }
}
