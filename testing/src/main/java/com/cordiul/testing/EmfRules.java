package com.cordiul.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads printed lines back as CloudWatch Logs reads them for the embedded metric format: a line is an EMF document
 * when it is a JSON object with an {@code _aws} member, and such a document must follow the specification's rules
 * ("Specification: Embedded metric format" of the CloudWatch user guide): {@code _aws.Timestamp} a number of
 * milliseconds, {@code _aws.CloudWatchMetrics} an array of metric directives, each with a {@code Namespace} string,
 * {@code Dimensions} an array of dimension sets (arrays of at most 30 keys, each key a root member holding a
 * non-blank ASCII string of at most 1024 characters) and {@code Metrics} at most 100 definitions ({@code Name}, an
 * optional {@code Unit} among CloudWatch's and {@code StorageResolution} 1 or 60), each name a root member holding
 * a number or an array of at most 100 numbers; no unknown member in the objects the specification defines.
 */
public final class EmfRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private EmfRules() {
    }

    /**
     * One metric datum a document published.
     *
     * @param namespace  its namespace
     * @param name       the metric's name
     * @param unit       its unit (null when the definition names none)
     * @param dimensions one dimension set with its values
     * @param values     its values
     */
    public record Datum(String namespace, String name, String unit, Map<String, String> dimensions,
                        List<Double> values) {
    }

    /** Whether the line is meant as an EMF document (a JSON object with {@code _aws}). */
    public static boolean isDocument(String line) {
        if (!line.startsWith("{")) {
            return false;
        }
        try {
            return JSON.readTree(line).has("_aws");
        } catch (IOException e) {
            return false;
        }
    }

    /** What is wrong with the document, against the specification; empty when CloudWatch extracts it. */
    public static List<String> problems(String line) {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return List.of("not a JSON object");
        }
        JsonNode aws = root.path("_aws");
        if (!aws.isObject()) {
            return List.of("no _aws object");
        }
        only(aws, Set.of("Timestamp", "CloudWatchMetrics"), "_aws", problems);
        if (!aws.path("Timestamp").isIntegralNumber() || aws.path("Timestamp").asLong() <= 0) {
            problems.add("_aws.Timestamp is not a positive number of milliseconds");
        }
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray() || directives.isEmpty()) {
            problems.add("_aws.CloudWatchMetrics is not a non-empty array");
            return problems;
        }
        for (int i = 0; i < directives.size(); i++) {
            directive(root, directives.get(i), "_aws.CloudWatchMetrics[" + i + "]", problems);
        }
        return problems;
    }

    private static void directive(JsonNode root, JsonNode directive, String at, List<String> problems) {
        if (!directive.isObject()) {
            problems.add(at + " is not an object");
            return;
        }
        only(directive, Set.of("Namespace", "Dimensions", "Metrics"), at, problems);
        String namespace = directive.path("Namespace").asText("");
        if (!directive.path("Namespace").isTextual() || namespace.isBlank() || namespace.length() > 255) {
            problems.add(at + ".Namespace is not a string of 1-255 characters");
        }
        JsonNode dimensionSets = directive.path("Dimensions");
        if (!dimensionSets.isArray()) {
            problems.add(at + ".Dimensions is not an array");
        } else {
            for (int s = 0; s < dimensionSets.size(); s++) {
                dimensionSet(root, dimensionSets.get(s), at + ".Dimensions[" + s + "]", problems);
            }
        }
        JsonNode metrics = directive.path("Metrics");
        if (!metrics.isArray()) {
            problems.add(at + ".Metrics is not an array");
            return;
        }
        if (metrics.size() > 100) {
            problems.add(at + ".Metrics has " + metrics.size() + " definitions, more than 100");
        }
        for (int m = 0; m < metrics.size(); m++) {
            definition(root, metrics.get(m), at + ".Metrics[" + m + "]", problems);
        }
    }

    private static void dimensionSet(JsonNode root, JsonNode set, String at, List<String> problems) {
        if (!set.isArray()) {
            problems.add(at + " is not an array");
            return;
        }
        if (set.size() > 30) {
            problems.add(at + " has " + set.size() + " dimension keys, more than 30");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode key : set) {
            if (!key.isTextual() || key.asText().isBlank() || key.asText().length() > 250) {
                problems.add(at + " holds " + key + ", not a dimension name");
                continue;
            }
            if (!seen.add(key.asText())) {
                problems.add(at + " names " + key.asText() + " twice");
            }
            JsonNode value = root.path(key.asText());
            if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 1024
                    || !value.asText().chars().allMatch(c -> c > 31 && c < 127)) {
                problems.add(at + ": dimension " + key.asText() + " is not a root member holding a non-blank "
                        + "printable ASCII string of at most 1024 characters");
            }
        }
    }

    private static void definition(JsonNode root, JsonNode definition, String at, List<String> problems) {
        if (!definition.isObject()) {
            problems.add(at + " is not an object");
            return;
        }
        only(definition, Set.of("Name", "Unit", "StorageResolution"), at, problems);
        String name = definition.path("Name").asText("");
        if (!definition.path("Name").isTextual() || name.isBlank() || name.length() > 1024) {
            problems.add(at + ".Name is not a metric name");
            return;
        }
        if (definition.has("Unit") && !UNITS.contains(definition.path("Unit").asText())) {
            problems.add(at + ".Unit " + definition.path("Unit") + " is not a CloudWatch unit");
        }
        if (definition.has("StorageResolution") && !(definition.path("StorageResolution").asInt() == 1
                || definition.path("StorageResolution").asInt() == 60)) {
            problems.add(at + ".StorageResolution is neither 1 nor 60");
        }
        JsonNode value = root.path(name);
        if (value.isArray()) {
            if (value.isEmpty() || value.size() > 100) {
                problems.add(at + ": metric " + name + " has " + value.size() + " values (1-100 allowed)");
            }
            value.forEach(v -> {
                if (!v.isNumber()) {
                    problems.add(at + ": metric " + name + " holds " + v + ", not a number");
                }
            });
        } else if (!value.isNumber()) {
            problems.add(at + ": metric " + name + " has no numeric value at the root");
        }
    }

    private static void only(JsonNode object, Set<String> known, String at, List<String> problems) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(at + " has the unknown member " + name);
            }
        }
    }

    /** Every datum the documents among the lines publish (other lines are skipped); a document's problems throw. */
    public static List<Datum> data(List<String> lines) {
        List<Datum> data = new ArrayList<>();
        for (String line : lines) {
            if (!isDocument(line)) {
                continue;
            }
            List<String> problems = problems(line);
            if (!problems.isEmpty()) {
                throw new AssertionError("EMF document breaks the specification: " + problems + "\n" + line);
            }
            JsonNode root;
            try {
                root = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode set : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    set.forEach(key -> dimensions.put(key.asText(), root.path(key.asText()).asText()));
                    for (JsonNode definition : directive.path("Metrics")) {
                        String name = definition.path("Name").asText();
                        List<Double> values = new ArrayList<>();
                        JsonNode value = root.path(name);
                        if (value.isArray()) {
                            value.forEach(v -> values.add(v.asDouble()));
                        } else {
                            values.add(value.asDouble());
                        }
                        data.add(new Datum(directive.path("Namespace").asText(), name,
                                definition.has("Unit") ? definition.path("Unit").asText() : null, dimensions,
                                values));
                    }
                }
            }
        }
        return data;
    }

    /** The sum of a metric's values over the data, for one dimension set (empty: the metric without dimensions). */
    public static double sum(List<Datum> data, String name, Map<String, String> dimensions) {
        return data.stream().filter(d -> d.name().equals(name) && d.dimensions().equals(dimensions))
                .flatMap(d -> d.values().stream()).mapToDouble(Double::doubleValue).sum();
    }
}
