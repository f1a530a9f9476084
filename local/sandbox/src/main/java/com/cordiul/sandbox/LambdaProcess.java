package com.cordiul.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One execution environment: a function's JVM, started at {@link #startNanos()}. */
public final class LambdaProcess implements AutoCloseable {

    private final Process process;
    private final long startNanos;
    private final List<String> command;
    private final Path log;

    LambdaProcess(Process process, long startNanos, List<String> command, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /** The JVM's output, when it was started with {@link ProcessBuilder.Redirect#PIPE}. */
    public java.io.InputStream output() {
        return process.getInputStream();
    }

    /** Whether the JVM is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} just before the process was spawned. */
    public long startNanos() {
        return startNanos;
    }

    /** The exact command line, for the report. */
    public List<String> command() {
        return command;
    }

    /** Waits for an invocation (or any other answer), failing early (with the log's tail) if the JVM dies first. */
    public <T> T await(CompletableFuture<T> result, Duration wait) throws TimeoutException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return result.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The function's JVM exited (code " + process.exitValue()
                            + ") before answering. Log " + log + ":\n" + logTail());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage() + "\nLog " + log + ":\n" + logTail(),
                        e.getCause());
            }
        }
        throw new TimeoutException("No answer within " + wait + ". Log " + log + ":\n" + logTail());
    }

    /** Peak resident set size so far (VmHWM), in kB. */
    public long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time the JVM has used so far, all its threads (JIT compilers and GC included), in nanoseconds: the sum of
     * the first field of {@code /proc/<pid>/task/<tid>/schedstat} (threads that already exited are not counted).
     * Less sensitive than wall time to what else the machine runs, and closer to what a CPU share turns into time.
     */
    public long cpuNanos() {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String[] fields = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    total += Long.parseLong(fields[0]);
                } catch (IOException | NumberFormatException e) {
                    // the thread exited in between
                }
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the JVM's output (nothing when its output was not sent to a file). */
    public String logTail() {
        if (log == null) {
            return "(its output went to the console)";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

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
}
