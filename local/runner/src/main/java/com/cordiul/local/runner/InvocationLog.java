package com.cordiul.local.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Every failed invocation, loudly: a function error, a timeout, a failed init, a throttle, with the function, the
 * Lambda request id and the cause, on stderr and, under {@code ./dev}, appended to {@code .local/runner.log}; and
 * what the event sources report (a failed SQS batch and its cause, a failed scheduled invocation), the same way.
 */
final class InvocationLog {

    private final Path file;

    /** Logs to stderr, and to {@code file} too unless it is null. */
    InvocationLog(Path file) {
        this.file = file;
        if (file != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Could not create the folder of " + file, e);
            }
        }
    }

    /** A function error, a timeout or a failed init. */
    void failed(String function, String requestId, LambdaInvocationException e, boolean init) {
        String kind = init ? "init failure" : e.timedOut() ? "timeout" : "error";
        StringBuilder line = new StringBuilder("FAILED invocation of ").append(function).append(" (request ")
                .append(requestId).append("): ").append(kind).append(": ").append(e.errorType()).append(": ")
                .append(e.errorMessage());
        if (e.getCause() != null) {
            StringWriter trace = new StringWriter();
            e.getCause().printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        write(line.toString());
    }

    /** A throttled invocation. */
    void throttled(String function, String requestId, FunctionThrottledException e) {
        write("FAILED invocation of " + function + " (request " + requestId + "): throttle: " + e.getMessage());
    }

    /** A line of an event source, e.g. {@code event("sqs", "WorkFunction <- WorkQueue: batch of 3 failed ...")}. */
    void event(String source, String message) {
        write(source, message);
    }

    private void write(String message) {
        write("runner", message);
    }

    private synchronized void write(String source, String message) {
        String line = Instant.now() + " [" + source + "] " + message;
        System.err.println(line);
        if (file != null) {
            try {
                Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("[runner] could not write " + file + ": " + e.getMessage());
            }
        }
    }
}
