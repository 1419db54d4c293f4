package com.safehold.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbAccountStore;
import com.safehold.adapters.dynamodb.DynamoDbLoginGuard;
import com.safehold.adapters.dynamodb.DynamoDbPendingLoginStore;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.adapters.dynamodb.DynamoDbSessionStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.api.Problem;
import com.safehold.api.ProblemException;
import com.safehold.adapters.qr.ZxingQrCodes;
import com.safehold.adapters.otp.TotpCodes;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.accounts.AuthOutcomes.Authenticated;
import com.safehold.domain.accounts.AuthOutcomes.Login;
import com.safehold.domain.accounts.AuthOutcomes.MfaEnrolment;
import com.safehold.domain.accounts.AuthOutcomes.MfaVerified;
import com.safehold.domain.accounts.AuthService;
import com.safehold.domain.accounts.IdentityProvider.ClientContext;
import com.safehold.domain.accounts.PasswordHasher;
import com.safehold.domain.common.Caller;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.settings.PlatformSettings;
import java.util.Optional;

/**
 * Lambda function {@code auth}: signup, login, MFA, sessions (SPEC 4.1) and the platform settings (SPEC 4.2).
 * Thin: parse, call {@link AuthService}, map. The public auth routes take no {@code Idempotency-Key}: they
 * have no caller to scope a key by, their responses carry tokens, and each is safe to retry by design
 * (docs/decisions/0008-accounts-and-login.md). Logout and password change honour it like every JWT
 * {@code POST} (the base class, decision 0022): their responses are empty, and the stored fingerprint of a
 * password change is keyed with the client's key, so it tells nothing about the passwords.
 */
public final class AuthApiHandler extends ApiHandler {

    private final AuthService auth;
    private final DynamoDbSettingsSource settingsTable;
    private final com.safehold.domain.common.Clock deploymentClock;

    /** Used by Lambda: everything from the environment, built once per execution environment. */
    public AuthApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    /** Used by the local platform and tests. */
    public AuthApiHandler(Deployment deployment) {
        super(Functions.AUTH, deployment);
        this.settingsTable = new DynamoDbSettingsSource(deployment.dynamoDb(), deployment.tableName(Tables.SETTINGS));
        this.deploymentClock = deployment.clock();
        this.auth = service(deployment, settings);
        route("POST /v1/auth/signup", this::signup);
        route("POST /v1/auth/login", this::login);
        route("POST /v1/auth/mfa/setup", this::mfaSetup);
        route("POST /v1/auth/mfa/verify", this::mfaVerify);
        route("POST /v1/auth/mfa/challenge", this::mfaChallenge);
        route("POST /v1/auth/refresh", this::refresh);
        route("POST /v1/auth/logout", this::logout);
        route("POST /v1/auth/password", this::changePassword);
        route("GET /v1/admin/settings", this::readSettings);
        route("PUT /v1/admin/settings", this::replaceSettings);
        requireAllRoutesRegistered();
    }

    /** The account use cases wired to a deployment (also used by the local platform to seed its admin). */
    public static AuthService service(Deployment deployment, com.safehold.domain.settings.SettingsSource settings) {
        var dynamoDb = deployment.dynamoDb();
        return new AuthService(
                deployment.identityProvider(),
                new DynamoDbAccountStore(dynamoDb, deployment.tableName(Tables.ACCOUNTS), deployment.fieldCipher()),
                new DynamoDbLoginGuard(dynamoDb, deployment.tableName(Tables.LOGIN_STATE)),
                new DynamoDbPendingLoginStore(dynamoDb, deployment.tableName(Tables.LOGIN_STATE),
                        deployment.fieldCipher()),
                new DynamoDbSessionStore(dynamoDb, deployment.tableName(Tables.SESSIONS)),
                new DynamoDbProfileDirectory(dynamoDb, deployment.tableName(Tables.USERS)),
                settings,
                new TotpCodes(),
                new ZxingQrCodes(),
                deployment.blindIndex(),
                new PasswordHasher(),
                deployment.clock());
    }

    private ApiResponse signup(ApiRequest request) {
        JsonFields body = request.body();
        String email = body.string("email");
        String password = body.string("password");
        String role = body.string("role");
        String pseudonym = body.string("pseudonym");
        String phone = body.optionalString("phone");
        body.finish();
        UserId userId = auth.signup(new AuthService.Signup(email, password,
                Role.fromGroup(role).orElse(null), pseudonym, PhoneNumbers.e164(phone)), client(request));
        ObjectNode out = Json.object().put("userId", userId.value());
        return ApiResponse.json(201, out);
    }

    private ApiResponse login(ApiRequest request) {
        JsonFields body = request.body();
        String email = body.string("email");
        String password = body.string("password");
        String deviceToken = body.optionalString("deviceToken");
        body.finish();
        return ApiResponse.json(200, AuthJson.login(auth.login(email, password, deviceToken, client(request))));
    }

    private ApiResponse mfaSetup(ApiRequest request) {
        Optional<Caller> bearer = sessionGuard.admitBearer(request.header("authorization"), false);
        JsonFields body = request.optionalBody();
        String session = body.optionalString("session");
        body.finish();
        MfaEnrolment enrolment = bearer.isPresent() && session == null
                ? auth.setupSignedIn(bearer.get().userId())
                : auth.setupWithSession(session);
        return ApiResponse.json(200, AuthJson.enrolment(enrolment));
    }

    private ApiResponse mfaVerify(ApiRequest request) {
        Optional<Caller> bearer = sessionGuard.admitBearer(request.header("authorization"), false);
        JsonFields body = request.body();
        String code = body.string("code");
        String session = body.optionalString("session");
        body.finish();
        MfaVerified verified = bearer.isPresent() && session == null
                ? auth.verifySignedIn(bearer.get().userId(), code)
                : auth.verifyWithSession(session, code);
        return ApiResponse.json(200, AuthJson.verified(verified));
    }

    private ApiResponse mfaChallenge(ApiRequest request) {
        JsonFields body = request.body();
        String session = body.string("session");
        String code = body.string("code");
        body.finish();
        return ApiResponse.json(200, AuthJson.login(auth.challenge(session, code)));
    }

    private ApiResponse refresh(ApiRequest request) {
        JsonFields body = request.body();
        String refreshToken = body.string("refreshToken");
        body.finish();
        Authenticated refreshed = auth.refresh(refreshToken);
        return ApiResponse.json(200, AuthJson.login(refreshed));
    }

    private ApiResponse logout(ApiRequest request) {
        auth.logout(request.caller().userId());
        return ApiResponse.noContent();
    }

    private ApiResponse changePassword(ApiRequest request) {
        Caller caller = request.caller();
        JsonFields body = request.body();
        String current = body.string("currentPassword");
        String next = body.string("newPassword");
        body.finish();
        auth.changePassword(caller.userId(), current, next, client(request));
        return ApiResponse.noContent();
    }

    /** The settings with their version as {@code ETag}, for a conditional {@code PUT}. */
    private ApiResponse readSettings(ApiRequest request) {
        request.caller().require(Role.ADMIN);
        var stored = settingsTable.read();
        return ApiResponse.json(200, Json.MAPPER.valueToTree(SettingsJson.render(stored.value())))
                .withHeader("etag", etag(stored.version()));
    }

    /**
     * Replaces the settings. With {@code If-Match} (the {@code ETag} of a GET) the write succeeds only if nobody
     * changed them since: two admins cannot silently overwrite each other (412 {@code precondition_failed}).
     * Without it, the last write wins.
     */
    private ApiResponse replaceSettings(ApiRequest request) {
        request.caller().require(Role.ADMIN);
        PlatformSettings replacement = SettingsJson.parse(request.body());
        Optional<String> ifMatch = request.header("If-Match");
        long expected = ifMatch.isPresent() ? parseEtag(ifMatch.get()) : settingsTable.version();
        long version;
        try {
            version = settingsTable.save(replacement, expected, deploymentClock.now());
        } catch (java.util.ConcurrentModificationException changed) {
            throw new ProblemException(Problem.of(412, "precondition_failed", "Precondition failed",
                    "the settings changed since they were read; GET them again and reapply the change"));
        }
        return ApiResponse.json(200, Json.MAPPER.valueToTree(SettingsJson.render(replacement)))
                .withHeader("etag", etag(version));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static long parseEtag(String header) {
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notOurs) {
            throw new ProblemException(Problem.of(412, "precondition_failed", "Precondition failed",
                    "If-Match must be the ETag of GET /v1/admin/settings"));
        }
    }

    private static ClientContext client(ApiRequest request) {
        return new ClientContext(request.sourceIp(), request.userAgent());
    }

}
