package com.safehold.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.adapters.AwsDeployment;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.Wiring;
import com.safehold.adapters.dynamodb.DynamoDbPurgeStore;
import com.safehold.api.ApiHandler;
import com.safehold.api.ApiRequest;
import com.safehold.api.ApiResponse;
import com.safehold.api.BookingViews;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.catalog.Functions;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.history.HistoryExport;
import com.safehold.domain.history.PurgeReport;
import com.safehold.domain.history.PurgeService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda function {@code history} (SPEC 4.10): a provider's shorter retention, their archive export before the
 * purge (JSON lines, a page per request), and the purge reports for admins.
 *
 * <p>Following the export's pages: each response holds up to {@link HistoryExport#PAGE_SIZE} bookings; while
 * there are more, it carries {@code x-next-cursor} and a {@code link: <…&cursor=…>; rel="next"} header. The
 * client requests that link until a response comes without one. A page may hold fewer lines than the page
 * size (bookings after {@code before} are skipped), even none, and still have a next page.
 */
public final class HistoryApiHandler extends ApiHandler {

    private static final int REPORTS = 20;

    private final PurgeService purge;
    private final HistoryExport export;

    public HistoryApiHandler() {
        this(AwsDeployment.fromEnvironment());
    }

    public HistoryApiHandler(Deployment deployment) {
        super(Functions.HISTORY, deployment);
        DynamoDbPurgeStore store = Wiring.purgeStore(deployment);
        this.purge = new PurgeService(store, settings, deployment.clock(), deployment.ids());
        this.export = new HistoryExport(store, Wiring.safetyStore(deployment, Wiring.bookingStore(deployment)));
        route("PUT /v1/providers/me/retention", this::setRetention);
        route("GET /v1/providers/me/bookings/export", this::export);
        route("GET /v1/admin/purge-runs", this::runs);
        requireAllRoutesRegistered();
    }

    private ApiResponse setRetention(ApiRequest request) {
        JsonFields body = request.body();
        Integer days = body.smallInteger("bookingsDays");
        body.finish();
        return ApiResponse.json(200, Json.object().put("bookingsDays", purge.setRetention(request.caller(), days)));
    }

    private ApiResponse export(ApiRequest request) {
        String before = request.queryParameter("before");
        Instant endedBefore;
        try {
            endedBefore = LocalDate.parse(before == null ? "" : before).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            throw new ValidationException(List.of(new Violation("before", "invalid_date",
                    "before must be a date such as 2026-11-23")));
        }
        HistoryExport.Page page = export.page(request.caller(), endedBefore, request.queryParameter("cursor"));
        List<ObjectNode> lines = new ArrayList<>();
        for (HistoryExport.Entry entry : page.entries()) {
            ObjectNode line = BookingViews.view(entry.booking(), null);
            line.put("customerId", entry.booking().customerId().value());
            ArrayNode messages = line.putArray("messages");
            for (Message m : entry.messages()) {
                messages.addObject().put("messageId", m.messageId()).put("senderId", m.senderId().value())
                        .put("at", m.at().toString()).put("text", m.text());
            }
            ArrayNode changes = line.putArray("changeRequests");
            for (ChangeRequest c : entry.changeRequests()) {
                changes.addObject().put("changeRequestId", c.changeRequestId()).put("kind", c.kind().name())
                        .put("status", c.status().name()).put("at", c.at().toString()).put("text", c.text());
            }
            ArrayNode disputes = line.putArray("disputes");
            for (Dispute d : entry.disputes()) {
                disputes.addObject().put("disputeId", d.disputeId()).put("reason", d.reason().name())
                        .put("status", d.status().name()).put("statement", d.statement()).put("objection", d.objection())
                        .put("outcome", d.outcome() == null ? null : d.outcome().name());
            }
            lines.add(line);
        }
        ApiResponse response = ApiResponse.jsonLines(200, lines);
        if (page.nextCursor() != null) {
            String cursor = URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8);
            response = response.withHeader("x-next-cursor", page.nextCursor())
                    .withHeader("link", "</v1/providers/me/bookings/export?before=" + before + "&cursor=" + cursor
                            + ">; rel=\"next\"");
        }
        return response;
    }

    private ApiResponse runs(ApiRequest request) {
        ObjectNode out = Json.object();
        ArrayNode runs = out.putArray("runs");
        for (PurgeReport r : purge.runs(request.caller(), REPORTS)) {
            ObjectNode run = runs.addObject().put("runId", r.runId()).put("startedAt", r.startedAt().toString())
                    .put("finishedAt", r.finishedAt().toString()).put("durationMs", r.durationMillis())
                    .put("complete", r.complete());
            run.putObject("counts").put("purged", r.purged()).put("heldBack", r.heldBackCount())
                    .put("changed", r.changed()).put("failed", r.failed().size());
            r.heldBack().forEach(run.putArray("heldBack")::add);
            r.failed().forEach(run.putArray("failed")::add);
        }
        return ApiResponse.json(200, out);
    }
}
