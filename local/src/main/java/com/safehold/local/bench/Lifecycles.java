package com.safehold.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.adapters.Deployment;
import com.safehold.adapters.dynamodb.DynamoDbProfileDirectory;
import com.safehold.api.Json;
import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.Queues;
import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.catalog.Tables;
import com.safehold.domain.common.UserId;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import com.safehold.local.LocalClock;
import com.safehold.local.QueuePollers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Booking lifecycles driven through the real handlers in this JVM, each function with its own Lambda wiring
 * ({@link BenchStack#deployment}: its own clients and key cache, as in its own execution environment), every
 * SDK request counted and timed by the {@link Meter}. The escrow queue is drained the way Lambda's event
 * source mapping would (receive, invoke, delete), and those SQS requests are counted too.
 *
 * <p>Two lifecycles, each by a new customer of one provider (a signup's writes are not part of it):
 * <ul>
 *   <li>completed: view offer, book, hold, view booking, accept, fee, check-in code, check-in, payout, ledger;</li>
 *   <li>disputed: view offer, book, hold, accept, fee, the provider files a dispute, the customer objects,
 *   the customer reads the dispute, an admin splits the money, the escrow pays out, ledger.</li>
 * </ul>
 */
public final class Lifecycles {

    static final String EVENT_SOURCE = "escrow event source mapping";

    /** One lifecycle's invocations and SDK requests. */
    record Run(String kind, String bookingId, List<Meter.Invocation> invocations, List<Meter.Call> calls) {}

    /** A signed-in caller as the JWT authorizer passes it on. */
    record Who(UserId id, String groups, String jti) {}

    private record Booked(String bookingId, Instant startsAt) {}

    /** A provider's bookable offer: what a booking request names. */
    record Offer(String offerId, String termsVersion) {}

    private final BenchStack stack;
    private final Meter meter = new Meter();
    private final LocalClock clock = new LocalClock();
    private final Map<FunctionDef, Object> handlers = new LinkedHashMap<>();
    /** The event source mapping's own SQS client (it polls and deletes; in AWS those requests are billed too). */
    private final software.amazon.awssdk.services.sqs.SqsClient eventSource;
    private final DynamoDbProfileDirectory profiles;
    private final Who provider;
    private final Who admin;
    private final String offerId;
    private final String termsVersion;

    Lifecycles(BenchStack stack) {
        this.stack = stack;
        for (FunctionDef f : Catalog.safehold().functions()) {
            Deployment deployment = stack.deployment(f, clock, List.of(meter));
            try {
                handlers.put(f, Class.forName(f.handlerClass()).getConstructor(Deployment.class).newInstance(deployment));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + f.handlerClass(), e);
            }
        }
        eventSource = com.safehold.adapters.AwsClients.sqs(com.safehold.adapters.AwsClients
                .local(stack.endpoint("sqs")).withInterceptors(List.of(meter)));
        profiles = new DynamoDbProfileDirectory(stack.dynamoDb(), Tables.USERS.name());
        UserId providerId = new UserId(UUID.randomUUID().toString());
        profiles.save(new PublicProfile(providerId, "Bench provider", Trust.NEW));
        provider = new Who(providerId, "[provider]", stack.signIn(providerId, clock.now()));
        UserId adminId = new UserId(UUID.randomUUID().toString());
        admin = new Who(adminId, "[admin]", stack.signIn(adminId, clock.now()));
        Offer offer = offer(provider);
        offerId = offer.offerId();
        termsVersion = offer.termsVersion();
        meter.reset();
    }

    Run completed() {
        Who provider = renew(this.provider);
        Who customer = newCustomer();
        Booked booked = book(customer);
        String bookingId = booked.bookingId();
        call(200, "GET /v1/bookings/{id}", Map.of("id", bookingId), null, customer);
        call(200, "POST /v1/bookings/{id}/accept", Map.of("id", bookingId), "", provider);
        drainEscrow();
        clock.advance(Duration.between(clock.now(), booked.startsAt().minus(Duration.ofMinutes(10))));
        Who customerNow = renew(customer);
        Who providerNow = renew(provider);
        String code = call(200, "GET /v1/bookings/{id}/check-in-code", Map.of("id", bookingId), null, customerNow)
                .get("code").asText();
        JsonNode done = call(200, "POST /v1/bookings/{id}/check-in", Map.of("id", bookingId),
                "{\"code\":\"" + code + "\",\"lat\":48.2104,\"lon\":16.3656,\"accuracyMeters\":10}", providerNow);
        expect(done.get("status").asText(), "COMPLETED");
        drainEscrow();
        verifiedLedger(bookingId, customerNow, 12000);
        return finish("completed", bookingId);
    }

    Run disputed() {
        Who provider = renew(this.provider);
        Who customer = newCustomer();
        Booked booked = book(customer);
        String bookingId = booked.bookingId();
        call(200, "POST /v1/bookings/{id}/accept", Map.of("id", bookingId), "", provider);
        drainEscrow();
        clock.advance(Duration.between(clock.now(), booked.startsAt().plus(Duration.ofMinutes(30))));
        Who customerNow = renew(customer);
        Who providerNow = renew(provider);
        String disputeId = call(201, "POST /v1/bookings/{id}/disputes", Map.of("id", bookingId),
                "{\"reason\":\"MISCONDUCT\",\"statement\":\"The client was rude and left early\",\"evidence\":[]}",
                providerNow).get("disputeId").asText();
        drainEscrow();
        call(200, "POST /v1/disputes/{id}/objection", Map.of("id", disputeId),
                "{\"statement\":\"I left because the session ran over\"}", customerNow);
        call(200, "GET /v1/disputes/{id}", Map.of("id", disputeId), null, customerNow);
        Who adminNow = renew(admin);
        call(200, "POST /v1/admin/disputes/{id}/resolve", Map.of("id", disputeId),
                "{\"outcome\":\"SPLIT\",\"providerCents\":7000}", adminNow);
        drainEscrow();
        verifiedLedger(bookingId, customerNow, 7000);
        return finish("disputed", bookingId);
    }

    /** The offer page, the request, and the hold the escrow worker places. */
    private Booked book(Who customer) {
        call(200, "GET /v1/offers/{id}", Map.of("id", offerId), null, customer);
        Instant startsAt = clock.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        JsonNode requested = call(202, "POST /v1/bookings", Map.of(), """
                {"offerId":"%s","startsAt":"%s","acceptedTermsVersion":"%s","acceptTermsAndConditions":true,
                 "acceptCancellationPolicy":true,"paymentMethod":"pm_ok"}""".formatted(offerId, startsAt, termsVersion),
                customer, Map.of("idempotency-key", UUID.randomUUID().toString()));
        String bookingId = requested.get("bookingId").asText();
        drainEscrow();
        return new Booked(bookingId, startsAt);
    }

    private void verifiedLedger(String bookingId, Who reader, long toProviderCents) {
        JsonNode ledger = call(200, "GET /v1/bookings/{id}/ledger", Map.of("id", bookingId), null, reader);
        if (!ledger.get("verified").asBoolean()) {
            throw new IllegalStateException("ledger of " + bookingId + " does not verify: " + ledger);
        }
        long paid = 0;
        long sum = 0;
        for (JsonNode e : ledger.get("entries")) {
            sum += e.get("amountCents").asLong();
            if (e.get("account").asText().equals("PROVIDER") && e.get("amountCents").asLong() > 0) {
                paid += e.get("amountCents").asLong();
            }
        }
        if (sum != 0) {
            throw new IllegalStateException("ledger of " + bookingId + " does not balance: " + sum);
        }
        if (paid != toProviderCents) {
            throw new IllegalStateException("ledger of " + bookingId + " pays the provider " + paid + ", expected "
                    + toProviderCents + ": " + ledger);
        }
    }

    private Who newCustomer() {
        return newUser("[customer]");
    }

    /** A new signed-in user with a public profile, as after signup and login (not part of any lifecycle). */
    Who newUser(String groups) {
        UserId id = new UserId(UUID.randomUUID().toString());
        profiles.save(new PublicProfile(id, "Bench " + groups, Trust.NEW));
        return new Who(id, groups, stack.signIn(id, clock.now()));
    }

    /** A session for an existing user (after a signup over the API). */
    Who signedIn(UserId id, String groups) {
        return new Who(id, groups, stack.signIn(id, clock.now()));
    }

    /** A two-hour guided walk at Café Central, 120.00 EUR, by this provider (outside any lifecycle's figures). */
    Offer offer(Who provider) {
        JsonNode offer = seed(201, "POST /v1/offers", Map.of(), """
                {"title":"Guided city walk","description":"Old town, two hours","priceCents":12000,"currency":"EUR",
                 "durationMinutes":120,
                 "terms":[{"id":"t1","kind":"INTRO_MEETING","text":"We first meet at the café for 15 minutes"},
                          {"id":"t2","kind":"CONDUCT","text":"No alcohol"}],
                 "venue":{"name":"Café Central","lat":48.2104,"lon":16.3656,"radiusMeters":150},
                 "cancellationPolicy":{"freeUntilHours":48,"lateRefundPercent":50,"noCancelWithinHours":6}}""",
                provider, Map.of());
        return new Offer(offer.get("offerId").asText(), offer.get("termsVersion").asText());
    }

    /** An API request through its handler here, outside any lifecycle's figures (the cold path seeds with it). */
    JsonNode seed(int expected, String routeKey, Map<String, String> path, String body, Who caller,
            Map<String, String> headers) {
        JsonNode reply = call(expected, routeKey, path, body, caller, headers);
        meter.reset();
        return reply;
    }

    /** A public route's sample event through its handler (signup has no caller). */
    JsonNode seedPublic(int expected, APIGatewayV2HTTPEvent event) {
        RouteDef route = Routes.ALL.stream().filter(r -> r.routeKey().equals(event.getRouteKey())).findFirst()
                .orElseThrow();
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) handler(route.function()).handleRequest(event, null);
        meter.reset();
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException(event.getRouteKey() + " answered " + response.getStatusCode() + ": "
                    + response.getBody());
        }
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh session after the clock moved days ahead (the old one would have aged out): a new login. */
    private Who renew(Who who) {
        return new Who(who.id(), who.groups(), stack.signIn(who.id(), clock.now()));
    }

    /** Lambda's event source mapping for the FIFO escrow queue: receive, invoke, delete what succeeded. */
    private void drainEscrow() {
        String url = stack.queueUrl(Queues.ESCROW_COMMANDS);
        var escrow = handler(Queues.ESCROW_COMMANDS.consumer());
        while (true) {
            List<Message> batch = meter.invoke(EVENT_SOURCE, () -> eventSource.receiveMessage(r -> r
                    .queueUrl(url).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
            if (batch.isEmpty()) {
                return;
            }
            SQSEvent event = QueuePollers.toEvent(Queues.ESCROW_COMMANDS, batch);
            SQSBatchResponse response = (SQSBatchResponse) meter.invoke(Queues.ESCROW_COMMANDS.consumer().name(),
                    () -> escrow.handleRequest(event, null));
            if (response != null && response.getBatchItemFailures() != null
                    && !response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("escrow commands failed: " + response.getBatchItemFailures().size());
            }
            meter.invoke(EVENT_SOURCE, () -> eventSource.deleteMessageBatch(r -> r.queueUrl(url)
                    .entries(batch.stream().map(m -> software.amazon.awssdk.services.sqs.model
                            .DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .build()).toList())));
        }
    }

    /**
     * The event API Gateway passes a route's handler for a signed-in caller whose access token its JWT authorizer
     * accepted: path parameters filled in, a JSON body, the caller's claims.
     */
    public static APIGatewayV2HTTPEvent signedInEvent(RouteDef route, Map<String, String> path, String body,
            Map<String, String> headers, String sub, String groups, String jti) {
        String rawPath = route.path();
        for (var p : path.entrySet()) {
            rawPath = rawPath.replace("{" + p.getKey() + "}", p.getValue());
        }
        Map<String, String> allHeaders = new HashMap<>(headers);
        if (body != null) {
            allHeaders.put("content-type", "application/json");
        }
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(route.routeKey())
                .withRawPath(rawPath).withPathParameters(path).withHeaders(allHeaders).withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(route.method())
                                .withPath(rawPath).withSourceIp("127.0.0.1").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", sub, "cognito:groups", groups, "jti", jti,
                                                "token_use", "access"))
                                        .build()).build()).build())
                .build();
    }

    private JsonNode call(int expected, String routeKey, Map<String, String> path, String body, Who caller) {
        return call(expected, routeKey, path, body, caller, Map.of());
    }

    /** One API request through the route's handler, as API Gateway's JWT authorizer would pass it. */
    private JsonNode call(int expected, String routeKey, Map<String, String> path, String body, Who caller,
            Map<String, String> headers) {
        RouteDef route = Routes.ALL.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst().orElseThrow();
        APIGatewayV2HTTPEvent event = signedInEvent(route, path, body, headers, caller.id().value(), caller.groups(),
                caller.jti());
        var handler = handler(route.function());
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) meter.invoke(routeKey,
                () -> handler.handleRequest(event, null));
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException(routeKey + " answered " + response.getStatusCode() + ", expected " + expected
                    + ": " + response.getBody());
        }
        try {
            return response.getBody() == null || response.getBody().isEmpty() ? Json.MAPPER.createObjectNode()
                    : Json.MAPPER.readTree(response.getBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(routeKey + " answered no JSON: " + response.getBody(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private RequestHandler<Object, Object> handler(FunctionDef function) {
        return (RequestHandler) handlers.get(function);
    }

    private static void expect(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("expected " + expected + " but was " + actual);
        }
    }

    /** What the lifecycle did; the meter starts empty for the next one (lifecycles run one after another). */
    private Run finish(String kind, String bookingId) {
        Run run = new Run(kind, bookingId, meter.invocations(), meter.calls());
        meter.reset();
        return run;
    }
}
