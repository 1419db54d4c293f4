package com.safehold.domain.accounts;

import static com.safehold.domain.common.DomainException.Kind.CONFLICT;
import static com.safehold.domain.common.DomainException.Kind.INVALID;
import static com.safehold.domain.common.DomainException.Kind.LOCKED;
import static com.safehold.domain.common.DomainException.Kind.UNAUTHENTICATED;

import com.safehold.domain.accounts.AuthOutcomes.Authenticated;
import com.safehold.domain.accounts.AuthOutcomes.Login;
import com.safehold.domain.accounts.AuthOutcomes.MfaEnrolment;
import com.safehold.domain.accounts.AuthOutcomes.MfaRequired;
import com.safehold.domain.accounts.AuthOutcomes.MfaSetupRequired;
import com.safehold.domain.accounts.AuthOutcomes.MfaVerified;
import com.safehold.domain.accounts.IdentityProvider.ClientContext;
import com.safehold.domain.accounts.IdentityProvider.EmailTakenException;
import com.safehold.domain.accounts.IdentityProvider.SignIn;
import com.safehold.domain.common.QrCodes;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.common.Violations;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.settings.PasswordPolicy;
import com.safehold.domain.settings.PlatformSettings;
import com.safehold.domain.settings.SettingsSource;
import com.safehold.domain.users.ProfileDirectory;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accounts, login, MFA and sessions (SPEC 4.1) — the rules Cognito cannot configure, enforced here:
 * password rules and history from the settings, lockout per account (also for unknown e-mails, so they
 * answer exactly like wrong passwords), MFA by role with Safehold-verified TOTP and single-use recovery
 * codes, and a session registry that makes logout and the session timeout real.
 * docs/decisions/0008-accounts-and-login.md explains the design.
 */
public final class AuthService {

    /** Roles a person may choose at signup (SPEC 4.1); admin and support accounts are made by operators. */
    public static final Set<Role> SIGNUP_ROLES = Set.of(Role.CUSTOMER, Role.PROVIDER, Role.MERCHANT);
    /** How long a login may wait for its second factor. */
    public static final Duration PENDING_CHALLENGE = Duration.ofMinutes(5);
    /** Forced setup needs time to scan the QR code and type the first code. */
    public static final Duration PENDING_SETUP = Duration.ofMinutes(10);
    /** The deployed app client's refresh-token validity: a session cannot outlive its refresh token. */
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    public static final Duration DEVICE_TRUST = Duration.ofDays(90);
    static final String LOGIN_INDEX = "login";
    private static final Pattern PSEUDONYM = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{1,30}[\\p{L}\\p{N}.]");

    private final IdentityProvider identity;
    private final AccountStore accounts;
    private final LoginGuard guard;
    private final PendingLoginStore pending;
    private final SessionStore sessions;
    private final ProfileDirectory profiles;
    private final SettingsSource settings;
    private final OneTimePasswords otp;
    private final QrCodes qr;
    private final BlindIndex blindIndex;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AuthService(IdentityProvider identity, AccountStore accounts, LoginGuard guard, PendingLoginStore pending,
            SessionStore sessions, ProfileDirectory profiles, SettingsSource settings, OneTimePasswords otp, QrCodes qr,
            BlindIndex blindIndex, PasswordHasher hasher, Clock clock) {
        this.identity = identity;
        this.accounts = accounts;
        this.guard = guard;
        this.pending = pending;
        this.sessions = sessions;
        this.profiles = profiles;
        this.settings = settings;
        this.otp = otp;
        this.qr = qr;
        this.blindIndex = blindIndex;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** What signup asks for; {@code phone} is E.164 or null. */
    public record Signup(String email, String password, Role role, String pseudonym, String phone) {
        @Override
        public String toString() {
            return "Signup[" + role + "]";
        }
    }

    // ---- signup -------------------------------------------------------------------------------------------

    /** {@code POST /v1/auth/signup}: the roles of {@link #SIGNUP_ROLES} only. */
    public UserId signup(Signup request, ClientContext client) {
        if (request.role() == null || !SIGNUP_ROLES.contains(request.role())) {
            throw new DomainException(INVALID, "role_not_allowed",
                    "role must be one of customer, provider, merchant");
        }
        return createAccount(request, client);
    }

    /**
     * Creates an account in any role (the local platform's seeded admin, operators' tools). Safe to retry: a
     * retry with the same e-mail and password finishes a signup that stopped half-way, or answers the same
     * user id when it had finished; anyone else gets {@code email_taken}.
     */
    public UserId createAccount(Signup request, ClientContext client) {
        Email email = validSignup(request);
        requirePasswordRules(request.password(), List.of());
        String accountKey = blindIndex.of(LOGIN_INDEX, email.value());
        UserId userId;
        try {
            userId = identity.createUser(email, request.password(), request.role());
        } catch (EmailTakenException taken) {
            userId = sameSignup(email, request, accountKey, client).orElseThrow(() -> taken);
            if (profiles.find(userId).isPresent()) {
                return userId; // it had finished: a retry of a signup whose answer was lost
            }
            identity.assignRole(userId, request.role());
        }
        accounts.create(Account.created(userId, request.role(), accountKey, request.phone(),
                hasher.hash(request.password())));
        profiles.save(new PublicProfile(userId, request.pseudonym().strip(), Trust.NEW)); // last: marks it complete
        return userId;
    }

    /**
     * The user id when an existing user has this password and the requested role (or none yet): then this
     * is a retry of the same signup. Counted like a login attempt, so signup is no password oracle.
     */
    private Optional<UserId> sameSignup(Email email, Signup request, String accountKey, ClientContext client) {
        PlatformSettings now = settings.current();
        if (guard.begin(accountKey, now.lockout(), clock.now()).isPresent()) {
            return Optional.empty();
        }
        Optional<SignIn> signIn = identity.signIn(email, request.password(), client);
        if (signIn.isEmpty()) {
            return Optional.empty(); // the attempt stays counted, like a wrong password at login
        }
        guard.release(accountKey);
        Role existingRole = signIn.get().role();
        return existingRole == null || existingRole == request.role()
                ? Optional.of(signIn.get().userId()) : Optional.empty();
    }

    private static Email validSignup(Signup request) {
        Violations v = new Violations();
        Optional<Email> email = Email.parse(request.email());
        if (email.isEmpty()) {
            v.add("email", "invalid_email", "email must be an e-mail address of at most " + Email.MAX_LENGTH + " characters");
        }
        if (request.pseudonym() == null || !PSEUDONYM.matcher(request.pseudonym().strip()).matches()) {
            v.add("pseudonym", "invalid_pseudonym",
                    "pseudonym must be 3..32 letters, digits, spaces, dots, dashes or underscores");
        }
        v.throwIfAny();
        return email.orElseThrow();
    }

    private void requirePasswordRules(String password, List<String> history) {
        PlatformSettings current = settings.current();
        List<String> unmet = new ArrayList<>(PasswordRules.violations(current.passwordPolicy(), password));
        if (PasswordRules.tooLong(password)) {
            throw new DomainException(INVALID, "password_too_long",
                    "password must be at most " + PasswordRules.MAX_LENGTH + " characters");
        }
        int historySize = current.passwordPolicy().historySize();
        if (history.stream().limit(historySize).anyMatch(old -> hasher.matches(password, old))) {
            unmet.add("history");
        }
        if (!unmet.isEmpty()) {
            throw new DomainException(INVALID, "password_policy",
                    "the password does not meet the password rules: " + String.join(", ", unmet),
                    Map.of("violations", List.copyOf(unmet)));
        }
    }

    // ---- login --------------------------------------------------------------------------------------------

    /**
     * {@code POST /v1/auth/login}. Unknown e-mails take the same path as wrong passwords — blind index,
     * counted attempt, one identity-provider call — so status, body and timing match.
     */
    public Login login(String rawEmail, String password, String deviceToken, ClientContext client) {
        Email email = Email.parse(rawEmail).orElseThrow(AuthService::invalidCredentials);
        PlatformSettings current = settings.current();
        Instant now = clock.now();
        String accountKey = blindIndex.of(LOGIN_INDEX, email.value());
        String deviceHash = deviceToken == null ? null : Secrets.sha256(deviceToken);
        boolean trusted = deviceHash != null && guard.isTrusted(deviceHash, accountKey, now);
        String guardKey = trusted ? accountKey + ":" + deviceHash : accountKey;
        countAttempt(guardKey, current, now);

        SignIn signIn = identity.signIn(email, password, client).orElseThrow(AuthService::invalidCredentials);
        Optional<Account> account = accounts.find(signIn.userId());
        if (account.isEmpty() || signIn.role() == null) {
            guard.release(guardKey); // a signup that stopped half-way: its retry completes it
            throw invalidCredentials();
        }
        if (account.get().mfaEnrolled()) {
            guard.release(guardKey); // the password was right; wrong codes will count
            return new MfaRequired(hold(signIn, PendingLogin.Purpose.MFA_CHALLENGE, guardKey, trusted ? deviceHash : null,
                    now.plus(PENDING_CHALLENGE)));
        }
        if (current.mfaRequired(signIn.role())) {
            guard.release(guardKey);
            return new MfaSetupRequired(hold(signIn, PendingLogin.Purpose.MFA_SETUP, guardKey,
                    trusted ? deviceHash : null, now.plus(PENDING_SETUP)));
        }
        guard.reset(guardKey);
        return startSession(signIn.userId(), signIn.tokens(), accountKey, current, now);
    }

    private String hold(SignIn signIn, PendingLogin.Purpose purpose, String guardKey, String deviceHash,
            Instant expiresAt) {
        String session = Secrets.newToken();
        pending.save(new PendingLogin(Secrets.sha256(session), signIn.userId(), signIn.role(), purpose, guardKey,
                deviceHash, signIn.tokens(), expiresAt));
        return session;
    }

    /** {@code POST /v1/auth/mfa/challenge}: a TOTP code or an unused recovery code. */
    public Authenticated challenge(String session, String code) {
        Instant now = clock.now();
        PlatformSettings current = settings.current();
        PendingLogin login = pendingLogin(session, PendingLogin.Purpose.MFA_CHALLENGE, now);
        countAttempt(login.guardKey(), current, now);
        Account account = accounts.find(login.userId()).orElseThrow(AuthService::invalidSession);
        if (!secondFactorAccepted(account, code, now)) {
            throw invalidMfaCode();
        }
        if (!pending.consume(login.sessionHash())) {
            throw invalidSession(); // a concurrent challenge with the same session won
        }
        guard.reset(login.guardKey());
        return startSession(login.userId(), login.tokens(), account.guardKey(), current, now);
    }

    private boolean secondFactorAccepted(Account account, String code, Instant now) {
        if (code == null) {
            return false;
        }
        if (RecoveryCodes.looksLikeRecoveryCode(code)) {
            return accounts.consumeRecoveryCode(account.userId(), RecoveryCodes.hash(code));
        }
        OptionalLong step = otp.matchingStep(account.totpSecret(), code, now);
        return step.isPresent() && accounts.useTotpStep(account.userId(), step.getAsLong());
    }

    // ---- MFA enrolment ------------------------------------------------------------------------------------

    /** {@code POST /v1/auth/mfa/setup} with a login session (setup forced at login). */
    public MfaEnrolment setupWithSession(String session) {
        PendingLogin login = pendingLogin(session, PendingLogin.Purpose.MFA_SETUP, clock.now());
        return startEnrolment(login.userId(), session);
    }

    /** {@code POST /v1/auth/mfa/setup} with a bearer token: enrol a first factor. */
    public MfaEnrolment setupSignedIn(UserId userId) {
        return startEnrolment(userId, null);
    }

    private MfaEnrolment startEnrolment(UserId userId, String session) {
        Account account = accounts.find(userId).orElseThrow(AuthService::invalidSession);
        if (account.mfaEnrolled()) {
            throw new DomainException(CONFLICT, "mfa_already_enrolled",
                    "a second factor is enrolled already; it cannot be replaced with a token alone");
        }
        Instant now = clock.now();
        String secret = otp.newSecret();
        updateAccount(account.withPendingTotp(secret, now.plus(PENDING_SETUP)));
        String label = profiles.find(userId).map(PublicProfile::pseudonym).orElse(userId.value());
        String uri = otp.otpauthUri(secret, label);
        return new MfaEnrolment(secret, uri, qr.png(uri), session);
    }

    /** {@code POST /v1/auth/mfa/verify} with a login session: enrols and signs in. */
    public MfaVerified verifyWithSession(String session, String code) {
        Instant now = clock.now();
        PendingLogin login = pendingLogin(session, PendingLogin.Purpose.MFA_SETUP, now);
        List<String> recoveryCodes = enrol(login.userId(), login.guardKey(), code, now);
        if (!pending.consume(login.sessionHash())) {
            throw invalidSession();
        }
        Account account = accounts.find(login.userId()).orElseThrow(AuthService::invalidSession);
        return new MfaVerified(recoveryCodes,
                startSession(login.userId(), login.tokens(), account.guardKey(), settings.current(), now));
    }

    /** {@code POST /v1/auth/mfa/verify} with a bearer token. */
    public MfaVerified verifySignedIn(UserId userId, String code) {
        Account account = accounts.find(userId).orElseThrow(AuthService::invalidSession);
        return new MfaVerified(enrol(userId, account.guardKey(), code, clock.now()), null);
    }

    private List<String> enrol(UserId userId, String guardKey, String code, Instant now) {
        countAttempt(guardKey, settings.current(), now);
        Account account = accounts.find(userId).orElseThrow(AuthService::invalidSession);
        if (account.pendingTotpSecret() == null || !now.isBefore(account.pendingTotpExpiresAt())) {
            throw new DomainException(CONFLICT, "mfa_setup_not_started",
                    "start MFA setup first; a setup is valid for " + PENDING_SETUP.toMinutes() + " minutes");
        }
        OptionalLong step = code == null ? OptionalLong.empty()
                : otp.matchingStep(account.pendingTotpSecret(), code, now);
        if (step.isEmpty()) {
            throw invalidMfaCode();
        }
        List<String> codes = RecoveryCodes.generate(Secrets.random());
        Set<String> hashes = new LinkedHashSet<>();
        codes.forEach(c -> hashes.add(RecoveryCodes.hash(c)));
        updateAccount(account.enrolled(now, step.getAsLong(), hashes));
        guard.reset(guardKey);
        return codes;
    }

    // ---- sessions -----------------------------------------------------------------------------------------

    /** {@code POST /v1/auth/refresh}: refused after the session timeout without activity, or after logout. */
    public Authenticated refresh(String refreshToken) {
        Instant now = clock.now();
        PlatformSettings current = settings.current();
        String refreshHash = Secrets.sha256(refreshToken);
        Session session = sessions.find(refreshHash, now).orElseThrow(AuthService::invalidRefreshToken);
        Duration timeout = Duration.ofMinutes(current.effectiveSessionTimeoutMinutes());
        if (Duration.between(session.lastActivityAt(), now).compareTo(timeout) > 0) {
            sessions.end(refreshHash);
            throw new DomainException(UNAUTHENTICATED, "session_expired",
                    "the session was idle longer than the session timeout; log in again");
        }
        IssuedTokens tokens = identity.refresh(session.userId(), refreshToken).orElseThrow(() -> {
            sessions.end(refreshHash);
            return invalidRefreshToken();
        });
        if (!sessions.touch(refreshHash, now)) {
            throw invalidRefreshToken(); // logged out meanwhile
        }
        grant(session.userId(), tokens, refreshHash, now);
        return new Authenticated(capped(tokens, current), null);
    }

    /** {@code POST /v1/auth/logout}: ends every session of the user and withdraws every access token. */
    public void logout(UserId userId) {
        sessions.revokeAll(userId, clock.now());
    }

    /**
     * {@code POST /v1/auth/password}: the current password first (counted like a login attempt, so a stolen
     * access token is no way around the lockout, and the history check below is no oracle for old passwords
     * to someone who does not know the current one), then the rules and the history for the new one; then
     * every session ends.
     */
    public void changePassword(UserId userId, String currentPassword, String newPassword, ClientContext client) {
        Account account = accounts.find(userId).orElseThrow(() -> DomainException.notFound("account"));
        Instant now = clock.now();
        countAttempt(account.guardKey(), settings.current(), now);
        if (identity.verifyPassword(userId, currentPassword, client).isEmpty()) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "invalid_current_password",
                    "the current password is wrong");
        }
        guard.reset(account.guardKey());
        requirePasswordRules(newPassword, account.passwordHistory());
        identity.setPassword(userId, newPassword);
        List<String> history = new ArrayList<>();
        history.add(hasher.hash(newPassword));
        account.passwordHistory().stream().limit(PasswordPolicy.MAX_HISTORY - 1).forEach(history::add);
        updateAccount(account.withPasswordHistory(history));
        sessions.revokeAll(userId, now);
    }

    private Authenticated startSession(UserId userId, IssuedTokens tokens, String accountKey,
            PlatformSettings current, Instant now) {
        String refreshHash = Secrets.sha256(tokens.refreshToken());
        sessions.open(new Session(refreshHash, userId, now, now), now.plus(SESSION_LIFETIME));
        grant(userId, tokens, refreshHash, now);
        IssuedTokens capped = capped(tokens, current);
        String deviceToken = Secrets.newToken();
        guard.trustDevice(Secrets.sha256(deviceToken), accountKey, now.plus(DEVICE_TRUST));
        return new Authenticated(capped, deviceToken);
    }

    /** Records the token for its whole lifetime; the guard refuses it earlier once it outlives the timeout. */
    private void grant(UserId userId, IssuedTokens tokens, String refreshHash, Instant now) {
        sessions.grant(new AccessGrant(tokens.accessTokenId(), userId, refreshHash,
                Secrets.sha256(tokens.accessToken()), now, now.plusSeconds(tokens.expiresInSeconds())));
    }

    /** {@code expiresIn} tells the client when to refresh: never later than the session timeout. */
    private static IssuedTokens capped(IssuedTokens tokens, PlatformSettings current) {
        long timeout = current.effectiveSessionTimeoutMinutes() * 60L;
        return tokens.withExpiresIn(Math.min(tokens.expiresInSeconds(), timeout));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Counts an attempt against the lockout before the credential is checked; 423 while locked. */
    private void countAttempt(String guardKey, PlatformSettings current, Instant now) {
        guard.begin(guardKey, current.lockout(), now).ifPresent(left -> {
            long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
            throw new DomainException(LOCKED, "account_locked",
                    "too many failed attempts; try again in " + seconds + " seconds",
                    Map.of("retryAfterSeconds", seconds));
        });
    }

    private PendingLogin pendingLogin(String session, PendingLogin.Purpose purpose, Instant now) {
        if (session == null || session.isBlank()) {
            throw invalidSession();
        }
        return pending.find(Secrets.sha256(session), now).filter(p -> p.purpose() == purpose)
                .orElseThrow(AuthService::invalidSession);
    }

    private void updateAccount(Account account) {
        try {
            accounts.update(account);
        } catch (ConcurrentModificationException raced) {
            throw new DomainException(CONFLICT, "concurrent_update",
                    "the account changed at the same time; try again");
        }
    }

    static DomainException invalidCredentials() {
        return new DomainException(UNAUTHENTICATED, "invalid_credentials", "e-mail or password is wrong");
    }

    private static DomainException invalidMfaCode() {
        return new DomainException(UNAUTHENTICATED, "invalid_mfa_code", "the code is wrong or was used already");
    }

    private static DomainException invalidSession() {
        return new DomainException(UNAUTHENTICATED, "invalid_session",
                "the login session is unknown, used or expired; log in again");
    }

    private static DomainException invalidRefreshToken() {
        return new DomainException(UNAUTHENTICATED, "invalid_refresh_token",
                "the refresh token is unknown, revoked or expired; log in again");
    }
}
