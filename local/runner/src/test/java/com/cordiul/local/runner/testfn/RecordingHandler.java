package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.core.Environment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Test function for event sources: records every event it receives, raw, under {@code $RECORD_DIR/<function>/}
 * (one file per invocation, with the JVM's nanoTime at its start and end, so that tests can order invocations and
 * see which overlapped), and acts on each SQS record's body {@code {"id": ..., "action": ...}}:
 * <ul>
 *   <li>{@code ok} (or any other body): processed;</li>
 *   <li>{@code fail}: reported in {@code batchItemFailures}, every time; {@code fail-once}: on its first receive
 *       only. After a failure, every later record of the same FIFO message group is reported too, as AWS asks of
 *       a FIFO consumer;</li>
 *   <li>{@code error-once}: the invocation throws on the record's first receive (the whole batch fails);</li>
 *   <li>{@code bogus-once}: on its first receive, the answer names an itemIdentifier that is no message of the
 *       batch (an invalid partial batch response);</li>
 *   <li>{@code hold}: marks itself in flight under {@code inflight/}, and holds until another invocation is in
 *       flight too, or 3 s passed; records the most invocations it saw in flight at once ({@code peak}).</li>
 * </ul>
 * An event with {@code "wait": true} (a direct invocation) holds until the file {@code $RECORD_DIR/release}
 * exists; one with {@code "fail": true} throws.
 */
public class RecordingHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOLD_NANOS = 3_000_000_000L;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        JsonNode event = JSON.readTree(input);
        Path root = Path.of(Environment.get("RECORD_DIR").orElseThrow());
        Path dir = Files.createDirectories(root.resolve(context.getFunctionName()));
        ObjectNode recording = JSON.createObjectNode();
        recording.put("requestId", context.getAwsRequestId());
        recording.set("event", event);
        ArrayNode failures = JSON.createArrayNode();
        try {
            if (event.path("wait").asBoolean()) {
                awaitFile(root.resolve("release"), context);
            }
            if (event.path("fail").asBoolean()) {
                throw new IllegalStateException("failing, as the event asks");
            }
            act(event, dir, recording, failures, context);
        } finally {
            recording.set("batchItemFailures", failures);
            recording.put("start", start);
            recording.put("end", System.nanoTime());
            write(dir.resolve(start + "-" + context.getAwsRequestId() + ".json"), recording);
        }
        if (event.has("Records")) {
            ObjectNode response = JSON.createObjectNode();
            response.set("batchItemFailures", failures);
            JSON.writeValue(output, response);
        }
    }

    private static void act(JsonNode event, Path dir, ObjectNode recording, ArrayNode failures, Context context)
            throws IOException {
        Set<String> failedGroups = new HashSet<>();
        for (JsonNode record : event.path("Records")) {
            JsonNode body = parse(record.path("body").asText());
            String action = body.path("action").asText("ok");
            boolean first = "1".equals(record.path("attributes").path("ApproximateReceiveCount").asText());
            String group = record.path("attributes").path("MessageGroupId").asText(null);
            String id = record.path("messageId").asText();
            if ("error-once".equals(action) && first) {
                throw new IllegalStateException("error-once: failing the batch of " + id);
            }
            if (("fail".equals(action) || "fail-once".equals(action) && first)
                    || group != null && failedGroups.contains(group)) {
                failures.addObject().put("itemIdentifier", id);
                if (group != null) {
                    failedGroups.add(group);
                }
            } else if ("bogus-once".equals(action) && first) {
                failures.addObject().put("itemIdentifier", "no-such-message-" + id);
            } else if ("hold".equals(action)) {
                recording.put("peak", hold(dir.resolve("inflight"), context.getAwsRequestId()));
            }
        }
    }

    /** Marks this invocation in flight, holds until another one is, and returns the most seen at once. */
    private static int hold(Path inflight, String requestId) throws IOException {
        Files.createDirectories(inflight);
        Path mine = inflight.resolve(requestId);
        Files.writeString(mine, requestId);
        int peak = 0;
        long until = System.nanoTime() + HOLD_NANOS;
        try {
            do {
                peak = Math.max(peak, count(inflight));
                pause();
            } while (peak < 2 && System.nanoTime() < until);
            // Holding on a little after the meeting lets a third invocation, if one runs, be seen.
            for (int i = 0; i < 20; i++) {
                peak = Math.max(peak, count(inflight));
                pause();
            }
        } finally {
            Files.deleteIfExists(mine);
        }
        return peak;
    }

    private static int count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.count();
        }
    }

    private static void awaitFile(Path file, Context context) {
        while (!Files.exists(file) && context.getRemainingTimeInMillis() > 200) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void write(Path file, JsonNode content) {
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(partial.toFile(), content);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
