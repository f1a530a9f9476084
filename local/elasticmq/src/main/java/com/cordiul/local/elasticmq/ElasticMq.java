package com.cordiul.local.elasticmq;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.dynalite.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ ({@code org.elasticmq:elasticmq-server_2.13}, the SQS-compatible queue of the tests and of
 * {@code ./dev}) in a JVM of its own on a loopback port, with the queues it is given: it can die and be restarted
 * like dynalite, and its Scala and Pekko class path never meets the caller's. Its jars are what Maven resolved
 * into {@code local/elasticmq-server/target/lib}. Its output goes to a log file; it is ready once every queue
 * answers GetQueueUrl; with a data folder, its queues and messages survive a restart (ElasticMQ's H2 messages
 * storage). It speaks both SQS wire protocols, so the real {@link SqsClient} works against {@link #endpoint}.
 */
public final class ElasticMq implements AutoCloseable {

    /** Dummy credentials: ElasticMQ checks no signature. */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    /** Where Maven puts ElasticMQ's jars, relative to the repository root. */
    static final String SERVER_LIB = "local/elasticmq-server/target/lib";
    static final String MAIN_CLASS = "org.elasticmq.server.Main";
    /** ElasticMQ starts Pekko and its HTTP server: a few seconds on a busy machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ElasticMqSettings settings;
    private final ServiceProcess process;
    private final int port;
    private final Map<String, String> queueUrls;

    private ElasticMq(ElasticMqSettings settings, ServiceProcess process, int port, Map<String, String> queueUrls) {
        this.settings = settings;
        this.process = process;
        this.port = port;
        this.queueUrls = Map.copyOf(queueUrls);
    }

    /** An in-memory ElasticMQ with these queues on a free port. */
    public static ElasticMq startInMemory(List<QueueSpec> queues) {
        return start(ElasticMqSettings.inMemory(queues));
    }

    /**
     * An ElasticMQ that holds a local stack's queues: on the given port (0 for a free one), its queues and messages
     * under {@code dataDir} (null: in memory), logging to {@link #defaultLogFile}, reported and restarted when it
     * dies unasked, as {@code Dynalite.supervised} is (an in-memory one comes back with its queues, empty).
     */
    public static ElasticMq supervised(Path dataDir, int port, List<QueueSpec> queues) {
        ElasticMqSettings settings = dataDir == null ? ElasticMqSettings.inMemory(queues).withRestartOnDeath(true)
                : ElasticMqSettings.persistent(dataDir, queues);
        return start(settings.withPort(port));
    }

    /** Starts it and waits until every queue exists. */
    public static ElasticMq start(ElasticMqSettings settings) {
        Path root = RepositoryRoot.find();
        int port = settings.port() == 0 ? freePort() : settings.port();
        Path logFile = settings.logFile() != null ? settings.logFile() : defaultLogFile(settings.dataDir(), port);
        Path config = writeConfig(settings, port, logFile);
        List<String> command = command(root, config);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Map<String, String> urls = new LinkedHashMap<>();
        ServiceProcess process = ServiceProcess.start(new ServiceProcess.Spec("elasticmq", command, logFile,
                started -> ready(started, endpoint, settings.queues(), urls), START_TIMEOUT,
                settings.restartOnDeath(), Map.of()));
        return new ElasticMq(settings, process, port, urls);
    }

    /**
     * Where it logs unless told: next to its data folder ({@code .local/elasticmq} logs to
     * {@code .local/elasticmq.log}); an in-memory one in the running module's {@code target/}, else the temp folder.
     */
    public static Path defaultLogFile(Path dataDir, int port) {
        return ServiceProcess.defaultLogFile("elasticmq", dataDir, port);
    }

    /** The endpoint to give the SDK. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Its port. */
    public int port() {
        return port;
    }

    /** The URL of a declared queue. */
    public String queueUrl(String name) {
        String url = queueUrls.get(name);
        if (url == null) {
            throw new IllegalArgumentException("No queue " + name + " was declared (declared: " + queueUrls.keySet()
                    + ")");
        }
        return url;
    }

    /** Every declared queue's URL, by name. */
    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    /** The settings it was started with. */
    public ElasticMqSettings settings() {
        return settings;
    }

    /** A real SQS client on it (url-connection HTTP client, dummy credentials); the caller closes it. */
    public SqsClient client() {
        return SqsClient.builder().endpointOverride(endpoint()).region(Region.of(ElasticMqConfig.REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Whether the process runs. */
    public boolean isRunning() {
        return process.isRunning();
    }

    /** The process (pid, restarts, log). */
    public ServiceProcess process() {
        return process;
    }

    /** Its log file. */
    public Path logFile() {
        return process.logFile();
    }

    /** Runs after every automatic restart, once its queues exist again. */
    public void afterRestart(Runnable action) {
        process.afterRestart(action);
    }

    /** Stops it and starts a new one on the same port, data and log (messages kept only with a data folder). */
    public ElasticMq restart() {
        close();
        return start(settings.withPort(port).withLogFile(logFile()));
    }

    /** Stops it (SIGTERM: its shutdown hook closes the storage). */
    @Override
    public void close() {
        process.close();
    }

    /** The JVM command line: this module's classes (for ExitWithParent) and ElasticMQ's jars. */
    static List<String> command(Path root, Path config) {
        Path lib = root.resolve(SERVER_LIB);
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("ElasticMQ's jars are not in " + lib + ": build first (mvn -pl "
                    + "local/elasticmq-server package, or any build of the repository)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small queue for tests and one developer: a small heap, quick start-up rather than peak speed.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.add("-Dconfig.file=" + config);
        command.add("-cp");
        command.add(ownClasses() + File.pathSeparator + lib + File.separator + "*");
        command.add(ExitWithParent.class.getName());
        command.add(MAIN_CLASS);
        return command;
    }

    private static boolean ready(ServiceProcess started, URI endpoint, List<QueueSpec> queues,
                                 Map<String, String> urls) {
        if (!started.logSinceStart().contains("started in")) {
            return false;
        }
        try (SqsClient probe = SqsClient.builder().endpointOverride(endpoint).region(Region.of(ElasticMqConfig.REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build()) {
            // Queues from the configuration are created just after the server listens: wait for every one.
            Map<String, String> found = new LinkedHashMap<>();
            for (QueueSpec queue : queues) {
                found.put(queue.name(), probe.getQueueUrl(b -> b.queueName(queue.name())).queueUrl());
            }
            urls.putAll(found);
            return true;
        }
    }

    private static Path writeConfig(ElasticMqSettings settings, int port, Path logFile) {
        try {
            Path config;
            if (settings.dataDir() != null) {
                Files.createDirectories(settings.dataDir());
                config = settings.dataDir().resolve("elasticmq.conf");
            } else {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                config = logFile.resolveSibling("elasticmq-" + port + ".conf");
            }
            Files.writeString(config, ElasticMqConfig.render(settings, port), StandardCharsets.UTF_8);
            return config.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write ElasticMQ's configuration", e);
        }
    }

    private static Path ownClasses() {
        try {
            return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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
