package com.safehold.adapters.testing;

import com.safehold.adapters.Deployment;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.KeyCacheLimits;
import com.safehold.adapters.crypto.PersonKeyring;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.adapters.crypto.LocalKeyringDataKeySource;
import com.safehold.catalog.TableDef;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.FieldCipher;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A deployment for handler and adapter tests: DynamoDB Local in process, a fresh local keyring, and a
 * clock the test can move.
 */
public class TestDeployment implements Deployment {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T14:00:00Z"));
    private final Clock clock = now::get;
    private final Ids ids = Ids.random();
    private final PersonKeyring personKeys;
    private final FieldCipher cipher;

    public TestDeployment() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.personKeys = new PersonKeyring(new LocalKeyringDataKeySource(key),
                // the shared keys table: owners are fresh ids per test, and subclasses may rename other tables
                new DynamoDbPersonKeyVault(dynamoDb(), com.safehold.catalog.Tables.KEYS.name()), clock,
                KeyCacheLimits.DEFAULTS);
        this.cipher = new EnvelopeFieldCipher(personKeys);
    }

    /**
     * Records an access-token grant for {@code sub}, as the auth function does at login, and returns its
     * {@code jti}: put it into the event's claims so a JWT route admits the caller.
     */
    public String signIn(String sub) {
        String jti = java.util.UUID.randomUUID().toString();
        new com.safehold.adapters.dynamodb.DynamoDbSessionStore(dynamoDb(), tableName(com.safehold.catalog.Tables.SESSIONS))
                .grant(new com.safehold.domain.accounts.AccessGrant(jti, new com.safehold.domain.common.UserId(sub),
                        "test-session", "test-token-hash", clock.now(), clock.now().plus(Duration.ofHours(1))));
        return jti;
    }

    /** Moves this deployment's clock forward. */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Ids ids() {
        return ids;
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return DynamoDbLocalFixture.client();
    }

    @Override
    public FieldCipher fieldCipher() {
        return cipher;
    }

    @Override
    public CryptoShredder cryptoShredder() {
        return personKeys;
    }

    @Override
    public String tableName(TableDef table) {
        return table.name();
    }
}
