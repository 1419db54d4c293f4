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
import com.safehold.api.DisputeViews;
import com.safehold.api.Json;
import com.safehold.api.JsonFields;
import com.safehold.catalog.Functions;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.common.UserId;
import com.safehold.domain.common.ValidationException;
import com.safehold.domain.common.Violation;
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
import java.util.regex.Pattern;

/**
 * Lambda function {@code history} (SPEC 4.10): a provider's shorter retention, their archive export before the
 * purge (JSON lines, a page per request), and the purge reports for admins.
 *
 * <p>Following the export's pages: each response holds up to {@link HistoryExport#PAGE_SIZE} bookings; while
 * there are more, it carries {@code x-next-cursor} and a {@code link: <…&cursor=…>; rel="next"} header. The
 * client requests that link until a response comes without one. A page may hold fewer lines than the page
 * size (bookings after {@code before} are skipped, and a page ends early once its texts are long), even none,
 * and still have a next page. Parties appear by role ({@code you}, {@code customer}), never by id.
 */
public final class HistoryApiHandler extends ApiHandler {

    private static final int REPORTS = 20;
    /** A cursor is the id of the last booking of the previous page; anything else never reaches DynamoDB. */
    private static final Pattern CURSOR = Pattern.compile("bkg_[0-9a-f]{32}");

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
        String cursor = request.queryParameter("cursor");
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            throw new ValidationException(List.of(new Violation("cursor", "invalid_cursor",
                    "cursor must be the x-next-cursor of the previous page")));
        }
        HistoryExport.Page page = export.page(request.caller(), endedBefore, cursor);
        UserId provider = request.caller().userId();
        List<ObjectNode> lines = new ArrayList<>();
        for (HistoryExport.Entry entry : page.entries()) {
            Booking booking = entry.booking();
            // the customer appears as in every other view of the booking: by role, never by id (SPEC 3)
            ObjectNode line = BookingViews.view(booking, null);
            ArrayNode messages = line.putArray("messages");
            entry.messages().forEach(m -> messages.add(DisputeViews.message(booking, m, provider)));
            ArrayNode changes = line.putArray("changeRequests");
            entry.changeRequests().forEach(c -> changes.add(DisputeViews.changeRequest(booking, c, provider)));
            ArrayNode disputes = line.putArray("disputes");
            entry.disputes().forEach(d -> disputes.add(DisputeViews.dispute(d, provider)));
            lines.add(line);
        }
        ApiResponse response = ApiResponse.jsonLines(200, lines);
        if (page.nextCursor() != null) {
            String next = URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8);
            response = response.withHeader("x-next-cursor", page.nextCursor())
                    .withHeader("link", "</v1/providers/me/bookings/export?before=" + before + "&cursor=" + next
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
