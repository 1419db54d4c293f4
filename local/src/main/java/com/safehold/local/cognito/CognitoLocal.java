package com.safehold.local.cognito;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The local platform's Cognito user pool: cognito-local (npm, pinned in {@code local/cognito-local}) run as a
 * child process on 127.0.0.1, with the pool, the role groups and the API's app client created in it (SPEC 2).
 *
 * <p>Why a child process: cognito-local is a Node program; the local platform is one JVM, so it owns the
 * process, streams its output to a log file in the data directory (never to our stdout, which belongs to the
 * platform's own messages), and stops it on {@link #close()} or, as a safety net, at JVM exit.
 *
 * <p>The issuer is what cognito-local actually writes into {@code iss}: {@code http://<HOST>:<PORT>/<poolId>}
 * with the host and port it was started with (here {@code http://127.0.0.1:<port>/<poolId>}); its discovery
 * document always names {@code localhost:9229}, so it is not used.
 *
 * <p>Every client built by {@link #client()} records when each token was issued ({@link IssuedTokens}), so
 * the local authorizer ages sessions to the millisecond under time travel.
 */
public final class CognitoLocal implements AutoCloseable {

    /** How long cognito-local may take to answer after it was started (it usually needs under a second). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);

    static final String LOG_FILE = "cognito-local.log";
    private static final String START_SCRIPT = "node_modules/cognito-local/lib/bin/start.js";
    private static final int TAIL_LINES = 20;
    private static final int MAX_PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final URI endpoint;
    private final CognitoIdentityProviderClient client;
    private final IssuedTokens issuedTokens;
    private final UserPoolSetup.Pool pool;
    private final Thread shutdownHook;
    private boolean closed;

    private CognitoLocal(Process process, Path dataDir, boolean ownsDataDir, int port,
            CognitoIdentityProviderClient client, IssuedTokens issuedTokens, UserPoolSetup.Pool pool) {
        this.process = process;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
        this.endpoint = endpointFor(port);
        this.client = client;
        this.issuedTokens = issuedTokens;
        this.pool = pool;
        this.shutdownHook = new Thread(this::stopProcess, "cognito-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts cognito-local on a free port with a fresh temporary data directory. */
    public static CognitoLocal start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link #start()}; every one has a sensible default. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private Path installDir;
        private String nodeExecutable = "node";
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {}

        /**
         * Where cognito-local keeps its {@code .cognito/} folder and where its log goes. Kept across restarts
         * (the pool, client and users are found again). Default: a fresh temporary directory, deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The directory holding cognito-local's {@code package.json} and {@code node_modules} (the repository's
         * {@code local/cognito-local}). Default: system property {@code safehold.cognitoLocal.dir}, variable
         * {@code SAFEHOLD_COGNITO_LOCAL_DIR}, else found by walking up from the working directory.
         */
        public Builder installDir(Path installDir) {
            this.installDir = installDir;
            return this;
        }

        /** The Node.js executable; default {@code node} from the PATH. */
        public Builder nodeExecutable(String nodeExecutable) {
            this.nodeExecutable = Objects.requireNonNull(nodeExecutable);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /**
         * Starts the process, waits until it answers and makes sure the pool, groups and app client exist.
         *
         * @throws IllegalStateException with the process's last output lines when it does not come up
         */
        public CognitoLocal start() {
            Path script = locateInstallDir().resolve(START_SCRIPT);
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("cognito-local is not installed at " + script
                        + "; build the local module once (its build runs npm install in local/cognito-local)");
            }
            boolean ownsDir = dataDir == null;
            Path dir = ownsDir ? createTempDir() : createDir(dataDir);
            try {
                return startIn(script, dir, ownsDir);
            } catch (RuntimeException failed) {
                if (ownsDir) {
                    deleteRecursively(dir); // its last output lines are in the exception
                }
                throw failed;
            }
        }

        private CognitoLocal startIn(Path script, Path dir, boolean ownsDir) {
            int attempts = port == 0 ? MAX_PORT_ATTEMPTS : 1;
            for (int attempt = 1; ; attempt++) {
                int chosenPort = port == 0 ? freePort() : port;
                Process process = launch(script, dir, chosenPort);
                try {
                    awaitReady(process, dir, chosenPort, startTimeout);
                } catch (IllegalStateException notReady) {
                    boolean exitedByItself = !process.isAlive();
                    destroy(process);
                    if (attempt < attempts && exitedByItself) {
                        continue; // most likely someone took the free port in between: try another one
                    }
                    throw notReady;
                }
                return provision(process, dir, ownsDir, chosenPort);
            }
        }

        private Path locateInstallDir() {
            if (installDir != null) {
                return installDir;
            }
            String configured = System.getProperty("safehold.cognitoLocal.dir",
                    System.getenv("SAFEHOLD_COGNITO_LOCAL_DIR"));
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                for (Path candidate : List.of(dir.resolve("cognito-local"), dir.resolve("local/cognito-local"))) {
                    if (Files.isRegularFile(candidate.resolve(START_SCRIPT))) {
                        return candidate;
                    }
                }
            }
            throw new IllegalStateException("cannot find local/cognito-local/" + START_SCRIPT
                    + " above " + Path.of("").toAbsolutePath()
                    + "; build the local module once or set SAFEHOLD_COGNITO_LOCAL_DIR");
        }

        private Process launch(Path script, Path dir, int chosenPort) {
            ProcessBuilder builder = new ProcessBuilder(nodeExecutable, script.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(LOG_FILE).toFile()));
            builder.environment().put("HOST", "127.0.0.1");
            builder.environment().put("PORT", Integer.toString(chosenPort));
            builder.environment().put("NO_COLOR", "1"); // plain log file, no ANSI colours
            try {
                Process process = builder.start();
                process.getOutputStream().close(); // it reads nothing from stdin
                return process;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start cognito-local with '" + nodeExecutable
                        + "' (is Node.js on the PATH?): " + e.getMessage(), e);
            }
        }

        private CognitoLocal provision(Process process, Path dir, boolean ownsDir, int chosenPort) {
            IssuedTokens issuedTokens = new IssuedTokens();
            CognitoIdentityProviderClient client = CognitoIdentityProviderClient.builder()
                    .endpointOverride(endpointFor(chosenPort))
                    .region(Region.EU_CENTRAL_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(2))
                            .socketTimeout(Duration.ofSeconds(10))
                            .build())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(issuedTokens))
                    .build();
            try {
                UserPoolSetup.Pool pool = UserPoolSetup.ensure(client);
                return new CognitoLocal(process, dir, ownsDir, chosenPort, client, issuedTokens, pool);
            } catch (RuntimeException e) {
                client.close();
                destroy(process);
                throw new IllegalStateException("cognito-local started but the user pool could not be set up: "
                        + e.getMessage() + lastLines(dir), e);
            }
        }
    }

    /** Base URI of the Cognito API, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    public String userPoolId() {
        return pool.userPoolId();
    }

    /** The app client (ADMIN_USER_PASSWORD_AUTH + REFRESH_TOKEN_AUTH only, no secret), as deployed. */
    public String clientId() {
        return pool.clientId();
    }

    /** The {@code iss} of every token this pool issues: {@code http://127.0.0.1:<port>/<poolId>}. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/" + pool.userPoolId();
    }

    /** Where the pool's public signing keys are served. */
    public URI jwksUri() {
        return URI.create(endpoint + "/" + pool.userPoolId() + "/.well-known/jwks.json");
    }

    /** An SDK client for this pool; it records token issue times in {@link #issuedTokens()}. */
    public CognitoIdentityProviderClient client() {
        return client;
    }

    /**
     * When each token seen by {@link #client()} was issued. Add it as an execution interceptor to any other
     * Cognito client pointed at this endpoint, so its tokens age exactly under time travel too.
     */
    public IssuedTokens issuedTokens() {
        return issuedTokens;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** cognito-local's own output (stdout and stderr). */
    public Path logFile() {
        return dataDir.resolve(LOG_FILE);
    }

    /** The cognito-local process, for diagnostics and tests. */
    ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** For {@code /health}: the process is alive and answers its health route within a second. */
    public boolean isHealthy() {
        return process.isAlive() && answers(port, Duration.ofSeconds(1));
    }

    /** Stops the process (and any children), waits for it to exit and deletes a temporary data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the process itself
        }
        client.close();
        stopProcess();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private void stopProcess() {
        destroy(process);
    }

    private static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitReady(Process process, Path dir, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("cognito-local exited with code " + process.exitValue()
                        + " before answering on 127.0.0.1:" + port + lastLines(dir));
            }
            if (answers(port, Duration.ofMillis(500))) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for cognito-local", e);
            }
        }
        throw new IllegalStateException("cognito-local did not answer on 127.0.0.1:" + port + " within "
                + timeout.toSeconds() + " s" + lastLines(dir));
    }

    /** True when {@code GET /health} answers 200. */
    static boolean answers(int port, Duration timeout) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(endpointFor(port) + "/health").toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String lastLines(Path dir) {
        Path log = dir.resolve(LOG_FILE);
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
            return tail.isEmpty() ? " (no output)" : "; its last output:\n  " + String.join("\n  ", tail);
        } catch (IOException e) {
            return " (log unreadable: " + log + ")";
        }
    }

    private static URI endpointFor(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("safehold-cognito-local-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cognito-local data directory " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
