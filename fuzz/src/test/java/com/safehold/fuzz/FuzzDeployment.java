package com.safehold.fuzz;

import com.safehold.adapters.crypto.LocalBlindIndex;
import com.safehold.adapters.testing.TestDeployment;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.common.Role;
import com.safehold.domain.bookings.CommandRelay;
import com.safehold.domain.bookings.Notifier;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.escrow.PaymentProvider;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.VoiceCalls;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TestDeployment} with every port a handler may ask for: an in-memory user pool, a blind-index key,
 * and outbound ports (escrow queue, notifications, calls, payments) that accept everything and keep nothing,
 * so a long fuzz run holds no growing record of what it sent.
 */
public final class FuzzDeployment extends TestDeployment {

    private final BlindIndex blindIndex;
    private final IdentityProvider users = new InMemoryUserPool();

    public FuzzDeployment() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.blindIndex = new LocalBlindIndex(key);
    }

    @Override
    public IdentityProvider identityProvider() {
        return users;
    }

    @Override
    public BlindIndex blindIndex() {
        return blindIndex;
    }

    @Override
    public CommandRelay commandRelay() {
        return sink(CommandRelay.class);
    }

    @Override
    public Notifier notifier() {
        return sink(Notifier.class);
    }

    @Override
    public CallQueue callQueue() {
        return sink(CallQueue.class);
    }

    @Override
    public VoiceCalls voiceCalls() {
        return sink(VoiceCalls.class);
    }

    @Override
    public PaymentProvider paymentProvider() {
        return sink(PaymentProvider.class);
    }

    /** A port whose every call is accepted and forgotten (void methods only are used by the HTTP handlers). */
    private static <T> T sink(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> port.getSimpleName() + "[sink]";
                };
            }
            return null;
        }));
    }

    /** The user pool as far as the auth function uses it; tokens are JWT-shaped and unsigned. */
    private static final class InMemoryUserPool implements IdentityProvider {

        private record User(UserId id, String password, Role role) {}

        private final Map<String, User> byEmail = new ConcurrentHashMap<>();
        private final Map<UserId, String> emails = new ConcurrentHashMap<>();

        @Override
        public UserId createUser(Email email, String password, Role role) {
            User user = new User(new UserId(UUID.randomUUID().toString()), password, role);
            if (byEmail.putIfAbsent(email.value(), user) != null) {
                throw new EmailTakenException();
            }
            emails.put(user.id(), email.value());
            return user.id();
        }

        @Override
        public void assignRole(UserId userId, Role role) {}

        @Override
        public Optional<SignIn> signIn(Email email, String password, ClientContext client) {
            User user = byEmail.get(email.value());
            return user == null || !user.password().equals(password) ? Optional.empty()
                    : Optional.of(new SignIn(user.id(), user.role(), tokens(user.id())));
        }

        @Override
        public Optional<SignIn> verifyPassword(UserId userId, String password, ClientContext client) {
            String email = emails.get(userId);
            User user = email == null ? null : byEmail.get(email);
            return user == null || !user.password().equals(password) ? Optional.empty()
                    : Optional.of(new SignIn(user.id(), user.role(), tokens(user.id())));
        }

        @Override
        public Optional<IssuedTokens> refresh(UserId userId, String refreshToken) {
            return emails.containsKey(userId) ? Optional.of(tokens(userId)) : Optional.empty();
        }

        @Override
        public void setPassword(UserId userId, String password) {
            String email = emails.get(userId);
            if (email != null) {
                byEmail.computeIfPresent(email, (e, u) -> new User(u.id(), password, u.role()));
            }
        }

        @Override
        public Optional<Email> email(UserId userId) {
            return Optional.ofNullable(emails.get(userId)).flatMap(Email::parse);
        }

        @Override
        public void deleteUser(UserId userId) {
            String email = emails.remove(userId);
            if (email != null) {
                byEmail.remove(email);
            }
        }

        private static IssuedTokens tokens(UserId userId) {
            String jti = UUID.randomUUID().toString();
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"sub\":\"" + userId.value() + "\",\"jti\":\"" + jti + "\"}").getBytes(StandardCharsets.UTF_8));
            return new IssuedTokens("eyJhbGciOiJub25lIn0." + payload + ".sig", "id-token", "refresh-" + jti, jti, 3600);
        }
    }
}
