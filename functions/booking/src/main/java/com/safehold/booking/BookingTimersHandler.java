package com.safehold.booking;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbBookingStore;
import com.safehold.adapters.dynamodb.DynamoDbSettingsSource;
import com.safehold.api.Json;
import com.safehold.api.JsonLog;
import com.safehold.api.LogField;
import com.safehold.api.Priming;
import com.safehold.catalog.Functions;
import com.safehold.catalog.Tables;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStore;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.DomainException;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.DisputeService;
import com.safehold.domain.settings.CachedSettingsSource;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lambda function {@code timers}: the EventBridge schedule (every minute) sweeps the bookings whose
 * {@code dueAt} has come, and the disputes whose objection window has passed, through sparse {@code due}
 * indexes (no scan; the cost follows what is due): it resolves silent disputes for their reporter, fires
 * booking timers and relays unconfirmed commands. An item whose timer fails stays due for the next run and does not
 * hold up the others. Returns a report of what it did.
 *
 * <p>The input is the EventBridge event as plain JSON (a map), not the events library's {@code ScheduledEvent}:
 * nothing in the event is used (what is due follows from the clock), and that class would bring Joda-Time into
 * the jar (decision 0016).
 */
public final class BookingTimersHandler implements RequestHandler<Map<String, Object>, String> {

    /** Bookings per run; the rest wait a minute. */
    static final int BATCH = 200;

    private final BookingStore store;
    private final BookingService bookings;
    private final DisputeService disputes;
    private final Clock clock;
    private final JsonLog log = new JsonLog("timers");
    /** The SnapStart hooks; this field keeps them reachable (the CRaC context holds them weakly). */
    private final Priming priming;

    public BookingTimersHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public BookingTimersHandler(Deployment deployment) {
        DynamoDbBookingStore bookingStore = Wiring.bookingStore(deployment);
        this.store = bookingStore;
        this.clock = deployment.clock();
        var settings = new CachedSettingsSource(
                new DynamoDbSettingsSource(deployment.dynamoDb(), deployment.tableName(Tables.SETTINGS)),
                deployment.clock());
        // the sweep never creates bookings, so it needs no payment rules (nor the users table they read)
        this.bookings = Wiring.bookings(deployment, bookingStore, settings, BookingService.PaymentGate.OPEN);
        this.disputes = Wiring.disputes(deployment, bookingStore, settings);
        this.priming = Priming.register(Functions.TIMERS, deployment);
    }

    Priming priming() {
        return priming;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Map<String, Integer> report = new TreeMap<>();
        for (Dispute dispute : disputes.due(BATCH)) {
            String outcome;
            try {
                outcome = disputes.fireTimer(dispute) ? "dispute_resolved_for_reporter" : "dispute_skipped";
            } catch (RuntimeException failed) {
                outcome = failed(dispute.disputeId(), failed);
            }
            report.merge(outcome, 1, Integer::sum);
        }
        for (Booking booking : store.due(clock.now(), BATCH)) {
            String outcome;
            try {
                outcome = bookings.fireTimers(booking);
            } catch (DomainException raced) {
                outcome = "retry_next_run"; // a party changed it meanwhile; the next run sees the new state
            } catch (RuntimeException failed) {
                outcome = failed(booking.bookingId(), failed);
            }
            report.merge(outcome, 1, Integer::sum);
        }
        log.info("timers", Map.of(LogField.CODE, report.toString()));
        return Json.write(Json.MAPPER.valueToTree(report));
    }

    /**
     * One item's timer failed (a DynamoDB, KMS or SQS call that gave up): it is still due, so the next run tries it
     * again, and it must not keep the items after it from their timers meanwhile, or one item that keeps failing
     * would stop every expiry, refund and silent dispute resolution on the platform.
     */
    private String failed(String id, RuntimeException failure) {
        log.error("timers.failed", failure, Map.of(LogField.RESOURCE_ID, id));
        return "failed_retry_next_run";
    }
}
