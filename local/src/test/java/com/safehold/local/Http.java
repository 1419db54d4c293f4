package com.safehold.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.safehold.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for end-to-end tests against the local gateway. */
final class Http {

    record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /** Sends {@code n} requests at once, each on its own thread, and returns the replies in order. */
    static java.util.List<Reply> atOnce(int n, java.util.function.IntFunction<Reply> request) throws Exception {
        java.util.List<java.util.concurrent.Callable<Reply>> calls = java.util.stream.IntStream.range(0, n)
                .<java.util.concurrent.Callable<Reply>>mapToObj(i -> () -> request.apply(i)).toList();
        java.util.List<Reply> replies = new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(n)) {
            for (java.util.concurrent.Future<Reply> reply : threads.invokeAll(calls)) {
                replies.add(reply.get());
            }
        }
        return replies;
    }

    Reply get(String path, String token) {
        return send(builder(path, token, Map.of()).GET());
    }

    Reply post(String path, String token, String body) {
        return post(path, token, body, Map.of());
    }

    Reply post(String path, String token, String body, Map<String, String> headers) {
        return send(builder(path, token, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path, String token) {
        return send(builder(path, token, Map.of()).DELETE());
    }

    Reply put(String path, String token, String body) {
        return put(path, token, body, Map.of());
    }

    Reply put(String path, String token, String body, Map<String, String> headers) {
        return send(builder(path, token, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any method; GET and DELETE go without a body. */
    Reply send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body == null ? "" : body);
        return send(builder(path, token, headers).method(method, publisher));
    }

    private HttpRequest.Builder builder(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json");
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return b;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
