package com.safehold.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbAccountStore;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbLoyaltyStore;
import com.safehold.adapters.dynamodb.DynamoDbOfferStore;
import com.safehold.adapters.dynamodb.DynamoDbPersonKeyVault;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbSafetyStore;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.DynamoDbVerificationStore;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.Account;
import com.safehold.domain.accounts.AccountStore;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.accounts.SessionStore;
import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.bookings.ConsentReceipt;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.CryptoShredder;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.offers.Offer;
import com.safehold.domain.offers.Venue;
import com.safehold.domain.offers.CancellationPolicy;
import com.safehold.domain.privacy.PrivacyService;
import com.safehold.domain.users.ProfileDirectory;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure against DynamoDB Local: a crash after any step is finished by the caller's retry, and a booking
 * made while an erasure runs either stops the erasure (409) or is refused by the fence, never both done. The user pool is a recording stand-in (no cognito-local in
 * a function module's tests); the end-to-end test runs against cognito-local.
 */
class ErasureTest {

    private static final Instant START = Instant.parse("2026-12-10T14:00:00Z");

    private final TestDeployment deployment = new TestDeployment();
    private final DynamoDbBookingStore bookings = Wiring.bookingStore(deployment)
            .withErasureFence(deployment.tableName(Tables.USERS));
    private final DynamoDbSafetyStore safety = new DynamoDbSafetyStore(deployment.dynamoDb(),
            deployment.tableName(Tables.MESSAGES), deployment.tableName(Tables.CHANGE_REQUESTS),
            deployment.tableName(Tables.DISPUTES), bookings, deployment.fieldCipher());
    private final DynamoDbAccountStore accounts = new DynamoDbAccountStore(deployment.dynamoDb(),
            deployment.tableName(Tables.ACCOUNTS), deployment.fieldCipher());
    private final DynamoDbProfileDirectory profiles = new DynamoDbProfileDirectory(deployment.dynamoDb(),
            deployment.tableName(Tables.USERS));
    private final DynamoDbSessionStore sessions = new DynamoDbSessionStore(deployment.dynamoDb(),
            deployment.tableName(Tables.SESSIONS));
    private final RecordingUserPool pool = new RecordingUserPool();
    private final DynamoDbOfferStore offers = new DynamoDbOfferStore(deployment.dynamoDb(),
            deployment.tableName(Tables.OFFERS));
    private final DynamoDbLoyaltyStore loyalty = new DynamoDbLoyaltyStore(deployment.dynamoDb(),
            deployment.tableName(Tables.STORES), deployment.tableName(Tables.PROGRAMS),
            deployment.tableName(Tables.RECEIPT_CODES), deployment.tableName(Tables.CARDS),
            deployment.tableName(Tables.COOLDOWNS), deployment.tableName(Tables.SCANS), deployment.fieldCipher());
    private final DynamoDbVerificationStore verifications = new DynamoDbVerificationStore(deployment.dynamoDb(),
            deployment.tableName(Tables.VERIFICATIONS), null, null, deployment.fieldCipher());

    /** A crash: the process dies after the step before and before this one takes effect. */
    static final class Crash extends RuntimeException {
        Crash(String step) {
            super("crashed at " + step, null, false, false);
        }
    }

    @ParameterizedTest(name = "crash at {0}")
    @ValueSource(strings = {"beginErasure", "shred", "delete", "completeErasure", "deleteUser", "revokeAll"})
    void aCrashAtAnyStep_isFinishedByTheCallersRetry(String step) {
        UserId person = person();
        String jti = deployment.signIn(person.value());
        Crashes crashes = new Crashes(step);
        PrivacyService crashing = service(crashes);

        assertThatThrownBy(() -> crashing.erase(person)).isInstanceOf(Crash.class);
        assertThat(sessions.findGrant(jti, person, deployment.clock().now()))
                .as("the caller can still retry with the same token").isPresent();
        crashing.erase(person); // the retry; the crash happens once

        assertErased(person, jti);
    }

    @Test
    void erasureDeletesTheOffersAndStoresThePersonPublished_andNobodyElses() {
        UserId person = person();
        UserId other = person();
        for (UserId owner : List.of(person, other)) {
            offers.create(new Offer("off_" + UUID.randomUUID(), owner, "Guided walk", "Two hours in the old town",
                    Money.of(5000, Currency.getInstance("EUR")), 120, List.of(), new Venue("Café", 48.2, 16.37, 150),
                    new CancellationPolicy(48, 50, 6), "v1", 1, START, START));
            loyalty.createStore(new Store("sto_" + UUID.randomUUID(), owner, "Café Central", 48.2, 16.37, 60,
                    "c2VjcmV0", 0, null, List.of(), START, 0));
        }
        assertThat(offers.offersOf(person)).hasSize(1);
        assertThat(loyalty.storesOf(person)).hasSize(1);

        service(new Crashes(null)).erase(person);

        assertThat(offers.offersOf(person)).isEmpty();
        assertThat(loyalty.storesOf(person)).isEmpty();
        assertThat(offers.offersOf(other)).hasSize(1);
        assertThat(loyalty.storesOf(other)).singleElement().satisfies(s -> assertThat(s.isRetired()).isFalse());
    }

    @Test
    void erasingTwiceIsHarmless() {
        UserId person = person();
        String jti = deployment.signIn(person.value());
        PrivacyService privacy = service(new Crashes(null));

        privacy.erase(person);
        privacy.erase(person);

        assertErased(person, jti);
        assertThat(pool.deleted).containsExactly(person, person);
    }

    @Test
    void aBookingAttemptedAfterTheLastLookForOpenOnes_isRefusedByTheFence() {
        UserId customer = person();
        Booking late = booking(customer, new UserId(UUID.randomUUID().toString()), BookingStatus.REQUESTED);
        List<Object> attempt = new ArrayList<>();
        CryptoShredder bookingJustBeforeTheShred = owner -> {
            try {
                attempt.add(bookings.create(late)); // lands between the second look and the shredding
            } catch (BookingStore.PartyErasedException fenced) {
                attempt.add(fenced);
            }
            deployment.cryptoShredder().shred(owner);
        };
        PrivacyService privacy = new PrivacyService(deployment.clock(), profiles, accounts, sessions, pool, bookings,
                safety, bookingJustBeforeTheShred, offers, loyalty, verifications);

        privacy.erase(customer);

        assertThat(attempt).singleElement().isInstanceOf(BookingStore.PartyErasedException.class);
        assertThat(bookings.find(late.bookingId())).isEmpty();
    }

    @Test
    void aBookingMadeBeforeTheFence_isFoundByTheSecondLook_andTheFenceIsLifted() {
        UserId customer = person();
        Booking early = booking(customer, new UserId(UUID.randomUUID().toString()), BookingStatus.REQUESTED);
        ProfileDirectory bookingRightBeforeTheFence = new ProfileDirectory() {
            @Override
            public Optional<PublicProfile> find(UserId userId) {
                return profiles.find(userId);
            }

            @Override
            public void save(PublicProfile profile) {
                profiles.save(profile);
            }

            @Override
            public void beginErasure(UserId userId, Instant at) {
                assertThat(bookings.create(early)).isTrue(); // after the first look, before the fence
                profiles.beginErasure(userId, at);
            }

            @Override
            public void cancelErasure(UserId userId) {
                profiles.cancelErasure(userId);
            }

            @Override
            public void completeErasure(UserId userId, Instant at) {
                profiles.completeErasure(userId, at);
            }
        };
        PrivacyService privacy = new PrivacyService(deployment.clock(), bookingRightBeforeTheFence, accounts, sessions,
                pool, bookings, safety, deployment.cryptoShredder(), offers, loyalty, verifications);

        assertThatThrownBy(() -> privacy.erase(customer)).isInstanceOf(PrivacyService.OpenObligationsException.class);

        assertThat(accounts.find(customer)).as("nothing was erased").isPresent();
        assertThat(profiles.find(customer)).isPresent();
        Booking another = booking(customer, new UserId(UUID.randomUUID().toString()), BookingStatus.REQUESTED);
        assertThat(bookings.create(another)).as("the fence was lifted").isTrue();
    }

    /** A person with an account (phone), a profile and a settled booking in which they wrote a message. */
    private UserId person() {
        UserId person = new UserId(UUID.randomUUID().toString());
        assertThat(accounts.create(Account.created(person, Role.CUSTOMER, "guard", "+4915112345678", "hash"))).isTrue();
        profiles.save(new PublicProfile(person, "Person", new Trust(false, 1, 0)));
        Booking settled = booking(person, new UserId(UUID.randomUUID().toString()), BookingStatus.COMPLETED);
        assertThat(bookings.create(settled)).isTrue();
        safety.addMessage(new Message(settled.bookingId(), "msg_" + UUID.randomUUID(), person, "see you", START));
        return person;
    }

    private void assertErased(UserId person, String jti) {
        assertThat(new DynamoDbPersonKeyVault(deployment.dynamoDb(), Tables.KEYS.name()).find(person).orElseThrow()
                .shredded()).isTrue();
        assertThat(accounts.find(person)).isEmpty();
        assertThat(profiles.find(person)).isEmpty();
        Map<String, AttributeValue> record = deployment.dynamoDb().getItem(r -> r.tableName(Tables.USERS.name())
                .consistentRead(true).key(Map.of("userId", AttributeValue.fromS(person.value())))).item();
        assertThat(record.keySet()).containsExactlyInAnyOrder("userId", "erasingAt", "erasedAt");
        assertThat(pool.deleted).contains(person);
        assertThat(sessions.findGrant(jti, person, deployment.clock().now())).isEmpty();
        Booking kept = bookings.bookingsOf(person).getFirst();
        assertThat(kept.status()).as("the accounting stays").isEqualTo(BookingStatus.COMPLETED);
        assertThat(safety.messages(kept.bookingId())).singleElement()
                .satisfies(m -> assertThat(m.text()).as("what they wrote is gone").isNull());
    }

    private PrivacyService service(Crashes crashes) {
        return new PrivacyService(deployment.clock(),
                crashes.wrap(ProfileDirectory.class, profiles),
                crashes.wrap(AccountStore.class, accounts),
                crashes.wrap(SessionStore.class, sessions),
                crashes.wrap(IdentityProvider.class, pool),
                bookings, safety,
                crashes.wrap(CryptoShredder.class, deployment.cryptoShredder()), offers, loyalty, verifications);
    }

    private static Booking booking(UserId customer, UserId provider, BookingStatus status) {
        return new Booking("bkg_" + UUID.randomUUID(), "off_1", customer, provider, START, START.plus(Duration.ofHours(1)),
                status, Amounts.of(Money.of(12000, Currency.getInstance("EUR")), 10), "pm_ok",
                new ConsentReceipt(customer, START.minus(Duration.ofDays(3)), "v1", "hash", true, true),
                new CancellationPolicy(48, 50, 6), null, List.of(), "CHECKINSECRET", 0, List.of(), EscrowBalance.NONE,
                List.of(), null, 0);
    }

    /** Makes the named port method throw {@link Crash} once, before it takes effect. */
    private static final class Crashes {
        private final String step;
        private boolean crashed;

        Crashes(String step) {
            this.step = step;
        }

        <T> T wrap(Class<T> port, T real) {
            Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
                synchronized (this) {
                    if (method.getName().equals(step) && !crashed) {
                        crashed = true;
                        throw new Crash(step);
                    }
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            return port.cast(proxy);
        }
    }

    /** The user pool's side of erasure: which users were deleted. */
    private static final class RecordingUserPool implements IdentityProvider {
        final List<UserId> deleted = java.util.Collections.synchronizedList(new ArrayList<>());
        final Set<UserId> gone = ConcurrentHashMap.newKeySet();

        @Override
        public void deleteUser(UserId userId) {
            deleted.add(userId);
            gone.add(userId);
        }

        @Override
        public Optional<Email> email(UserId userId) {
            return gone.contains(userId) ? Optional.empty() : Email.parse(userId.value().substring(0, 8) + "@example.test");
        }

        @Override
        public UserId createUser(Email email, String password, Role role) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void assignRole(UserId userId, Role role) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SignIn> signIn(Email email, String password, ClientContext client) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SignIn> verifyPassword(UserId userId, String password, ClientContext client) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<IssuedTokens> refresh(UserId userId, String refreshToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setPassword(UserId userId, String password) {
            throw new UnsupportedOperationException();
        }
    }
}
