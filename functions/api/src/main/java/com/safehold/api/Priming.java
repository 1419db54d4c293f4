package com.safehold.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.crypto.FieldCipherPriming;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.common.ValidationException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The SnapStart runtime hooks every handler registers at init (docs/decisions/0015-snapstart-and-priming.md).
 * Before Lambda snapshots a published version, {@link #beforeCheckpoint} runs what a first request would
 * otherwise pay for, so every environment restored from the snapshot starts with it loaded and compiled:
 * <ul>
 *   <li>JSON: the one request parser and the one mapper on a representative body, a valid and an invalid one,
 *       a JSON response and RFC 9457 problems, rendered as the gateway gets them;</li>
 *   <li>the field cipher: one AES-GCM round trip under a throwaway in-memory key ({@link FieldCipherPriming});</li>
 *   <li>the DynamoDB client: one {@code GetItem} of a key no item has, in a table the function may read:
 *       endpoint rules, credentials, signing, HTTP, the JSON protocol both ways.</li>
 * </ul>
 * It writes nothing anywhere, reads nothing that exists, and logs nothing unless a step fails (then one line
 * with the step and the error's type). A failed step is skipped: priming must never fail the snapshot, and an
 * unprimed path only costs time on its first request.
 *
 * <p>Lambda's CRaC context (like the JDK's) holds resources through weak references: the handler keeps the
 * instance {@link #register} returns in a field, or it could be collected before the snapshot and never run.
 */
public final class Priming implements Resource {

    /**
     * The key value of the priming read. No item has it: Safehold keys are prefixed random ids, Cognito subs
     * (UUIDs), composite keys with their own prefixes, or the word {@code platform}; none starts with '#'.
     */
    static final String ABSENT_KEY = "#snapstart-priming";

    /** A bound on the priming read, retries included: a slow DynamoDB must not hold up publishing a version. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** A body such as routes take: strings, a whole number, a boolean, a time, a list, a nested object. */
    private static final String VALID_BODY = """
            {"offerId":"off_00000000000000000000000000000000","amountCents":12000,"currency":"EUR",\
            "accepted":true,"startsAt":"2026-01-01T10:00:00Z","tags":["quiet","outdoor"],\
            "venue":{"latitude":52.52,"longitude":13.405,"radiusMeters":150}}""";

    /** A client's mistake: a wrong type and a field the route does not know, answered 400 with both listed. */
    private static final String INVALID_BODY = """
            {"offerId":"off_00000000000000000000000000000000","amountCents":"12000","unknown":1}""";

    private final JsonLog log;
    private final DynamoDbClient dynamoDb;
    private final TableDef table;
    private final String tableName;

    private Priming(FunctionDef function, Deployment deployment) {
        this.log = new JsonLog(function.name());
        this.dynamoDb = deployment.dynamoDb();
        this.table = readableTable(function);
        this.tableName = deployment.tableName(table);
    }

    /**
     * Creates the hooks for {@code function} and registers them with the global CRaC context. Keep the result
     * in a field of the handler (see the class comment).
     */
    public static Priming register(FunctionDef function, Deployment deployment) {
        Priming priming = new Priming(function, deployment);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /**
     * The settings table where the function has it (nearly every request reads it), else the first of its
     * tables by name, never {@code keys} (people's data keys: not even an absent one is looked up). The read
     * stays within the function's grants, on AWS and on the local platform.
     */
    static TableDef readableTable(FunctionDef function) {
        if (function.tables().containsKey(Tables.SETTINGS)) {
            return Tables.SETTINGS;
        }
        return function.tables().keySet().stream().filter(table -> !table.equals(Tables.KEYS))
                .min(Comparator.comparing(TableDef::name))
                .orElseThrow(() -> new IllegalStateException("function " + function.name() + " has no table to prime"));
    }

    TableDef table() {
        return table;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        step("json", Priming::json);
        step("field_cipher", FieldCipherPriming::roundTrip);
        step("dynamodb", this::readAbsentItem);
    }

    /**
     * Nothing to redo after a restore (decision 0015 lists what was checked): ids, IVs and secrets are drawn
     * per use from {@code SecureRandom}, which Lambda keeps unique across restores; clocks are read per use;
     * caches (settings, person keys, credentials) expire by the wall clock; the JDK's HTTP keep-alive cache
     * drops connections idle longer than their keep-alive time, and the SDK retries a connection that fails.
     * Priming itself caches nothing.
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // deliberately empty: see above
    }

    /** What the API layer does with a body and a response, without a handler (whose request log must stay true). */
    private static void json() throws Exception {
        JsonFields valid = RequestBody.parseObject(VALID_BODY, false);
        valid.string("offerId");
        valid.integer("amountCents");
        valid.string("currency");
        valid.bool("accepted");
        valid.instant("startsAt");
        valid.strings("tags", 4);
        JsonFields venue = valid.object("venue");
        venue.number("latitude");
        venue.number("longitude");
        venue.smallInteger("radiusMeters");
        valid.finish();
        JsonNode echoed = Json.MAPPER.readTree(VALID_BODY);
        render(ApiResponse.json(200, echoed));

        JsonFields invalid = RequestBody.parseObject(INVALID_BODY, false);
        invalid.string("offerId");
        invalid.integer("amountCents");
        try {
            invalid.finish();
            throw new IllegalStateException("the invalid sample body was accepted");
        } catch (ValidationException expected) {
            render(ApiResponse.problem(Problems.from(expected)));
        }
        try {
            RequestBody.parseObject("{\"offerId\":", false);
            throw new IllegalStateException("the malformed sample body was accepted");
        } catch (ProblemException expected) {
            render(ApiResponse.problem(expected.problem()));
        }
        render(ApiResponse.problem(Problems.from(
                new DomainException(DomainException.Kind.CONFLICT, "priming", "a refusal"))));
        render(ApiResponse.problem(Problems.internalError("priming")));
    }

    /** As the gateway gets it, and parsed back as a client would. */
    private static void render(ApiResponse response) throws Exception {
        APIGatewayV2HTTPResponse lambda = response.toLambda();
        Json.MAPPER.readTree(lambda.getBody());
    }

    /** Marshals, signs, sends and unmarshals one read that finds nothing; the projection keeps even that to the key. */
    private void readAbsentItem() {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(table.partitionKey(), AttributeValue.fromS(ABSENT_KEY));
        if (table.sortKey() != null) {
            key.put(table.sortKey(), AttributeValue.fromS(ABSENT_KEY));
        }
        dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key)
                .projectionExpression("#key")
                .expressionAttributeNames(Map.of("#key", table.partitionKey()))
                .overrideConfiguration(request -> request.apiCallTimeout(READ_TIMEOUT))
                .build());
    }

    /** Runs one step; a failure is logged by step and error type only (an SDK message may name tables or keys). */
    private void step(String name, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError failed) {
            Map<LogField, Object> fields = new LinkedHashMap<>();
            fields.put(LogField.CODE, name);
            fields.put(LogField.ERROR_TYPE, failed.getClass().getName());
            log.warn("priming.skipped", fields);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
