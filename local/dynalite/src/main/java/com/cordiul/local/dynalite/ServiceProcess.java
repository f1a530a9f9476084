package com.cordiul.local.dynalite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local service's child process (dynalite, ElasticMQ): its whole output appended to a log file, never to a pipe
 * (a pipe nobody reads fills up and blocks the child, and one read only until start-up swallows the child's last
 * words), a readiness check, a loud report on stderr when it dies unasked (exit code, signal, the last lines of its
 * log), and, when asked for, a restart on the same command (same port, same data) after it died.
 * <p>
 * The child's stdin is a pipe this process holds open and never writes: when this JVM goes away, however it goes,
 * the pipe closes, and a child that watches its stdin (dynalite's preload, ElasticMQ's {@code ExitWithParent}) exits
 * instead of living on as an orphan that keeps the port and the data folder locked.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Lines of the log quoted when the process dies. */
    static final int TAIL_LINES = 20;
    /** More deaths than this within {@link #RESTART_WINDOW} and the service is left dead. */
    static final int MAX_RESTARTS = 5;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

    private final Spec spec;
    private final List<Runnable> afterRestart = new CopyOnWriteArrayList<>();
    private final Deque<Instant> recentRestarts = new ArrayDeque<>();
    private volatile Process process;
    private volatile long logOffset;
    private volatile boolean closing;
    private volatile int restarts;

    private ServiceProcess(Spec spec) {
        this.spec = spec;
    }

    /**
     * What to run and how to know it is up.
     *
     * @param name          the service's name in reports, e.g. {@code dynalite}
     * @param command       the command line
     * @param logFile       where its standard output and error are appended
     * @param readiness     true once the service answers (it may read {@link #logSinceStart}); asked every 50 ms
     *                      until it is or the time is up
     * @param startTimeout  how long it may take to get ready
     * @param restartOnDeath whether to start it again when it dies unasked
     * @param environment   variables added to the child's environment
     */
    public record Spec(String name, List<String> command, Path logFile, Predicate<ServiceProcess> readiness,
                       Duration startTimeout, boolean restartOnDeath, Map<String, String> environment) {

        public Spec {
            Objects.requireNonNull(name, "name");
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(readiness, "readiness");
            Objects.requireNonNull(startTimeout, "startTimeout");
        }
    }

    /** Starts the process and waits until it is ready; a process that dies or stays unready is reported and fails. */
    public static ServiceProcess start(Spec spec) {
        ServiceProcess service = new ServiceProcess(spec);
        service.launch();
        return service;
    }

    /** Runs after every automatic restart, once the new process is ready (e.g. to create tables again). */
    public void afterRestart(Runnable action) {
        afterRestart.add(action);
    }

    /** Whether the current process runs. */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The current process's id. */
    public long pid() {
        return process.pid();
    }

    /** How many times it was restarted after dying. */
    public int restarts() {
        return restarts;
    }

    /** Its log file. */
    public Path logFile() {
        return spec.logFile();
    }

    /** What the current process wrote to its log so far. */
    public String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(spec.logFile());
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the process (asked for: no report, no restart). */
    @Override
    public synchronized void close() {
        closing = true;
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(5, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void launch() {
        Process started;
        try {
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            Files.writeString(spec.logFile(), "=== " + Instant.now() + " starting: " + String.join(" ", spec.command())
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            logOffset = Files.size(spec.logFile());
            ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
            builder.environment().putAll(spec.environment());
            started = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + spec.name() + " (" + spec.command().get(0) + ")", e);
        }
        process = started;
        awaitReady(started);
        started.onExit().thenAccept(this::exited);
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        while (true) {
            if (!started.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited during start-up with " + describe(started)
                        + "; the end of " + spec.logFile() + ":" + System.lineSeparator() + tail());
            }
            if (ready()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                destroy(started);
                throw new IllegalStateException(spec.name() + " was not ready within " + spec.startTimeout().toSeconds()
                        + " s; the end of " + spec.logFile() + ":" + System.lineSeparator() + tail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                destroy(started);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting " + spec.name(), e);
            }
        }
    }

    private boolean ready() {
        try {
            return spec.readiness().test(this);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void exited(Process dead) {
        if (closing || dead != process) {
            return;
        }
        System.err.println("[" + spec.name() + "] DIED: pid " + dead.pid() + " exited with " + describe(dead)
                + "; the end of " + spec.logFile() + ":" + System.lineSeparator() + tail());
        if (!spec.restartOnDeath()) {
            return;
        }
        Thread restart = new Thread(this::restartAfterDeath, spec.name() + "-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private synchronized void restartAfterDeath() {
        if (closing) {
            return;
        }
        Instant now = Instant.now();
        while (!recentRestarts.isEmpty() && recentRestarts.peekFirst().isBefore(now.minus(RESTART_WINDOW))) {
            recentRestarts.pollFirst();
        }
        if (recentRestarts.size() >= MAX_RESTARTS) {
            System.err.println("[" + spec.name() + "] died " + (MAX_RESTARTS + 1) + " times within "
                    + RESTART_WINDOW.toSeconds() + " s: not restarting it again. See " + spec.logFile());
            return;
        }
        recentRestarts.addLast(now);
        try {
            launch();
            int count = restarts + 1;
            System.err.println("[" + spec.name() + "] restarted (pid " + process.pid() + ", restart " + count + ")");
            // Counted after the report: whoever sees the count has the line to read.
            restarts = count;
            afterRestart.forEach(Runnable::run);
        } catch (RuntimeException e) {
            System.err.println("[" + spec.name() + "] could not be restarted: " + e.getMessage());
        }
    }

    /** "code 0", or "code 137 (signal 9, SIGKILL)": the JDK reports a death by signal as 128 + the signal. */
    static String describe(Process dead) {
        int code = dead.exitValue();
        if (code <= 128 || code > 128 + 64) {
            return "exit code " + code;
        }
        int signal = code - 128;
        String name = switch (signal) {
            case 1 -> " SIGHUP";
            case 2 -> " SIGINT";
            case 6 -> " SIGABRT";
            case 9 -> " SIGKILL";
            case 11 -> " SIGSEGV";
            case 13 -> " SIGPIPE";
            case 15 -> " SIGTERM";
            default -> "";
        };
        return "exit code " + code + " (signal " + signal + name + ")";
    }

    /** The last lines the current process wrote, indented. */
    String tail() {
        String[] lines = logSinceStart().split("\\R");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, lines.length - TAIL_LINES); i < lines.length; i++) {
            out.append("  | ").append(lines[i]).append(System.lineSeparator());
        }
        return out.toString();
    }

    private static void destroy(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Where a service logs unless told: next to its data folder ({@code .local/dynalite} logs to
     * {@code .local/dynalite.log}); an in-memory one in the running module's {@code target/} (its tests' working
     * folder) as {@code <name>-<port>.log}, else in the temp folder.
     */
    public static Path defaultLogFile(String name, Path dataDir, int port) {
        if (dataDir != null) {
            Path absolute = dataDir.toAbsolutePath().normalize();
            return absolute.resolveSibling(absolute.getFileName() + ".log");
        }
        Path target = Path.of("target");
        Path folder = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        return folder.resolve(name + "-" + port + ".log").toAbsolutePath();
    }
}
