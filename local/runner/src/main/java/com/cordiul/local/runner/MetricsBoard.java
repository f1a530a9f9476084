package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator would see in CloudWatch, locally: every embedded-metric-format document the functions print is
 * read as CloudWatch Logs reads it, and its metrics added up per namespace, name and dimensions (datapoints, sum,
 * minimum, maximum). Served on {@code /_local/metrics} ({@link MetricsPage}); with {@code ./dev --metrics} each
 * document is also echoed as one readable line.
 */
public final class MetricsBoard {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Figure> figures = new TreeMap<>();
    private volatile PrintStream echo;
    private long documents;

    /** One metric's figures so far. */
    public static final class Figure {
        private long datapoints;
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private String unit;
        private final Map<String, Long> byFunction = new TreeMap<>();

        /** How many values were published. */
        public long datapoints() {
            return datapoints;
        }

        /** Their sum. */
        public double sum() {
            return sum;
        }
    }

    /** Echoes each document as a readable line to {@code out} (null: no echo). */
    public void echoTo(PrintStream out) {
        this.echo = out;
    }

    /** Reads one line of a function's output; anything but an EMF document is ignored. */
    public void accept(String line) {
        if (!line.startsWith("{\"_aws\"") && !(line.startsWith("{") && line.contains("\"_aws\""))) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            return;
        }
        if (root == null || !root.path("_aws").isObject()) {
            return;
        }
        List<String> readable = new ArrayList<>();
        String function = root.path("function_name").asText("?");
        synchronized (this) {
            documents++;
            for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
                String namespace = directive.path("Namespace").asText();
                for (JsonNode set : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    set.forEach(key -> dimensions.put(key.asText(), root.path(key.asText()).asText()));
                    for (JsonNode definition : directive.path("Metrics")) {
                        String name = definition.path("Name").asText();
                        String key = namespace + " " + name + (dimensions.isEmpty() ? "" : " " + dimensions);
                        Figure figure = figures.computeIfAbsent(key, k -> new Figure());
                        figure.unit = definition.path("Unit").asText("None");
                        List<Double> values = values(root.path(name));
                        for (double value : values) {
                            figure.datapoints++;
                            figure.sum += value;
                            figure.min = Math.min(figure.min, value);
                            figure.max = Math.max(figure.max, value);
                        }
                        figure.byFunction.merge(function, (long) values.size(), Long::sum);
                        readable.add(name + (dimensions.isEmpty() ? "" : dimensions.toString()) + "="
                                + describe(values, figure.unit));
                    }
                }
            }
        }
        PrintStream out = echo;
        if (out != null) {
            out.println("[metrics] " + function + " " + String.join(" ", readable));
        }
    }

    /** The figures so far, by {@code "<namespace> <name> {dimensions}"}. */
    public synchronized Map<String, Figure> figures() {
        return Map.copyOf(figures);
    }

    /** The page: one metric a line, as a dashboard would sum them over the run. */
    public synchronized String page() {
        StringBuilder out = new StringBuilder();
        out.append("Metrics the functions emitted (embedded metric format, ").append(documents)
                .append(" documents since start), as CloudWatch would extract them\n\n");
        out.append(String.format("%-72s %10s %12s %10s %10s  %s%n", "namespace metric {dimensions}", "datapoints",
                "sum", "min", "max", "from"));
        for (Map.Entry<String, Figure> entry : figures.entrySet()) {
            Figure f = entry.getValue();
            out.append(String.format("%-72s %10d %12s %10s %10s  %s%n", entry.getKey(), f.datapoints,
                    number(f.sum), number(f.min), number(f.max), f.byFunction));
        }
        if (figures.isEmpty()) {
            out.append("(none yet: place a call)\n");
        }
        return out.toString();
    }

    private static List<Double> values(JsonNode value) {
        List<Double> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> values.add(v.asDouble()));
        } else if (value.isNumber()) {
            values.add(value.asDouble());
        }
        return values;
    }

    private static String describe(List<Double> values, String unit) {
        List<String> texts = new ArrayList<>();
        values.forEach(v -> texts.add(number(v)));
        String joined = texts.size() == 1 ? texts.get(0) : texts.toString();
        return "Milliseconds".equals(unit) ? joined + "ms" : joined;
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return "-";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e12 ? Long.toString((long) value)
                : String.format("%.1f", value);
    }
}
