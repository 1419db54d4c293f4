package com.safehold.history;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.api.JsonLog;
import com.safehold.api.LogField;
import com.safehold.api.Priming;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.history.PurgeReport;
import com.safehold.domain.history.PurgeService;
import java.util.Map;

/**
 * Lambda function {@code purge} (SPEC 4.10), run daily by EventBridge: purges what is due while more than
 * {@link #RESERVE_MILLIS} of the invocation's time is left, then records its report. What it did not reach,
 * the next run does. Logs counts only.
 *
 * <p>The input is the EventBridge event as plain JSON (a map), not the events library's {@code ScheduledEvent}:
 * nothing in the event is used (what is due follows from the clock), and that class would bring Joda-Time into
 * the jar (decision 0016).
 */
public final class PurgeHandler implements RequestHandler<Map<String, Object>, String> {

    /** Kept back from the time limit for the batch in flight and the report. */
    static final long RESERVE_MILLIS = 60_000;
    /** Without a Lambda context (the local platform's job runner), a run gets this long. */
    static final long LOCAL_BUDGET_MILLIS = 5 * 60_000;

    private final PurgeService purge;
    private final JsonLog log = new JsonLog("purge");
    /** The SnapStart hooks; this field keeps them reachable (the CRaC context holds them weakly). */
    private final Priming priming;

    public PurgeHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public PurgeHandler(Deployment deployment) {
        this.purge = new PurgeService(Wiring.purgeStore(deployment),
                new DynamoDbSettingsSource(deployment.dynamoDb(), deployment.tableName(Tables.SETTINGS)),
                deployment.clock(), deployment.ids());
        this.priming = Priming.register(Functions.PURGE, deployment);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        long deadline = System.currentTimeMillis()
                + (context == null ? LOCAL_BUDGET_MILLIS : context.getRemainingTimeInMillis() - RESERVE_MILLIS);
        PurgeReport report = purge.run(() -> System.currentTimeMillis() < deadline);
        log.info("purge.run", Map.of(LogField.RESOURCE_ID, report.runId(),
                LogField.CODE, report.complete() ? "complete" : "partial",
                LogField.DURATION_MS, report.durationMillis()));
        return report.runId();
    }
}
