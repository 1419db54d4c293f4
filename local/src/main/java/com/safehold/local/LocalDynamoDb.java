package com.safehold.local;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local, in this JVM, served on 127.0.0.1 only. Its own {@code ServerRunner} always binds every
 * interface, so its request handler is put behind a Jetty connector bound to loopback instead
 * (docs/decisions/0001-local-platform.md). Data lives in memory and is gone when the platform stops.
 */
public final class LocalDynamoDb implements AutoCloseable {

    private final Server server;
    private final LocalDynamoDBRequestHandler requests;
    private final int port;

    private LocalDynamoDb(Server server, LocalDynamoDBRequestHandler requests, int port) {
        this.server = server;
        this.requests = requests;
        this.port = port;
    }

    /** Starts on {@code port} (0 picks a free one). */
    public static LocalDynamoDb start(int port) throws Exception {
        // in memory, no db path, one shared database for every access key/region, no artificial delays
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new LocalDynamoDBServerHandler(requests, null));
        server.setStopTimeout(2_000);
        server.start();
        return new LocalDynamoDb(server, requests, connector.getLocalPort());
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException gracePassed) {
            // Jetty stopped anyway: only its 2-second wait for exchanges still open ran out (seen once in the
            // purge benchmark between two table sizes); nothing is left listening
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        } finally {
            requests.shutdown();
        }
    }
}
