package com.safehold.local;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ, the SQS-compatible broker, in this JVM on 127.0.0.1 only. */
public final class LocalSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private LocalSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on {@code port} (0 picks a free one). */
    public static LocalSqs start(int port) {
        var builder = SQSRestServerBuilder.withInterface("127.0.0.1");
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        int bound = server.waitUntilStarted().localAddress().getPort();
        return new LocalSqs(server, bound);
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
