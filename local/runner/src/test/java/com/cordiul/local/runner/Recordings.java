package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What {@code testfn.RecordingHandler} wrote: one recording per invocation of a function, by start time. */
final class Recordings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Recordings() {
    }

    /** Every recording of a function so far, oldest invocation first. */
    static List<JsonNode> of(Path recordDir, String function) {
        Path dir = recordDir.resolve(function);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                all.add(JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparingLong(r -> r.path("start").asLong()));
        return all;
    }

    /** The SQS records of every invocation, in order: invocation by invocation, record by record. */
    static List<JsonNode> records(Path recordDir, String function) {
        List<JsonNode> records = new ArrayList<>();
        of(recordDir, function).forEach(r -> r.path("event").path("Records").forEach(records::add));
        return records;
    }

    /** A record's body's {@code id}. */
    static String bodyId(JsonNode record) {
        try {
            return JSON.readTree(record.path("body").asText()).path("id").asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** A record's {@code ApproximateReceiveCount}. */
    static int receiveCount(JsonNode record) {
        return Integer.parseInt(record.path("attributes").path("ApproximateReceiveCount").asText());
    }
}
