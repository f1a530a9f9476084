package com.cordiul.telemetry;

import com.cordiul.core.Environment;
import com.cordiul.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of the current invocation, printed as CloudWatch embedded metric format documents when it ends
 * ({@link FunctionInvocation}): CloudWatch Logs turns the lines into metrics, so nothing on the request path calls
 * a metrics API. Counts of one metric and dimension value are added up; durations are kept as values. Outside an
 * invocation (a SnapStart primer, a unit test that opened none) nothing is recorded.
 */
public final class Metrics {

    /** The namespace's variable; locally and in tests without it, {@value #DEFAULT_NAMESPACE}. */
    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
    /** The namespace when none is configured. */
    public static final String DEFAULT_NAMESPACE = "Cordiul";

    private static final ThreadLocal<Recording> CURRENT = new ThreadLocal<>();
    private static final List<String> JOIN_FIELDS = List.of("function_name", "function_request_id", "xray_trace_id");

    private Metrics() {
    }

    /** Counts one occurrence of a metric without a dimension. */
    public static void count(Metric metric) {
        add(metric, null, 1);
    }

    /** Counts occurrences of a metric without a dimension (nothing for zero). */
    public static void count(Metric metric, long occurrences) {
        if (occurrences != 0) {
            add(metric, null, occurrences);
        }
    }

    /** Counts one occurrence of a metric under its dimension's value (an unlisted value counts as other). */
    public static void count(Metric metric, String dimensionValue) {
        add(metric, dimensionValue, 1);
    }

    /** Records a duration of a metric in milliseconds. */
    public static void time(Metric metric, Duration duration) {
        Recording recording = CURRENT.get();
        if (recording != null) {
            // Hundredths of a millisecond: finer is noise, and longer numbers cost log bytes.
            recording.value(key(metric, null), Math.round(duration.toNanos() / 10_000.0) / 100.0);
        }
    }

    /**
     * Adds a property (never a dimension) to this invocation's documents: what finds the invocation's lines where
     * its function name and Lambda request id do not, e.g. API Gateway's request id of the authorizer.
     */
    public static void property(String name, String value) {
        Recording recording = CURRENT.get();
        if (recording != null && value != null) {
            recording.properties.put(name, value);
        }
    }

    /** Starts recording the invocation's metrics, dropping anything a previous one left. */
    static void begin() {
        CURRENT.set(new Recording());
    }

    /** Prints the invocation's documents (nothing when nothing was recorded) and stops recording. */
    static void flush() {
        Recording recording = CURRENT.get();
        CURRENT.remove();
        if (recording == null || recording.entries.isEmpty()) {
            return;
        }
        // Enough to find the invocation's log lines (which carry the rest): every byte is ingested and billed.
        Map<String, Object> identity = Log.identity();
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : JOIN_FIELDS) {
            if (identity.containsKey(key)) {
                properties.put(key, identity.get(key));
            }
        }
        properties.putAll(recording.properties);
        List<EmfDocuments.Entry> entries = new ArrayList<>();
        recording.entries.forEach((key, values) -> entries.add(new EmfDocuments.Entry(key.metric().metricName(),
                key.metric().unit().cloudWatchName(), key.dimensions(), values)));
        String namespace = Environment.getOrDefault(NAMESPACE_VARIABLE, DEFAULT_NAMESPACE);
        for (String line : EmfDocuments.render(namespace, System.currentTimeMillis(), entries, properties)) {
            Log.emit(line);
        }
    }

    private static void add(Metric metric, String dimensionValue, long occurrences) {
        Recording recording = CURRENT.get();
        if (recording != null) {
            recording.add(key(metric, dimensionValue), occurrences);
        }
    }

    private static Key key(Metric metric, String dimensionValue) {
        Objects.requireNonNull(metric, "metric");
        if (metric.dimension().isEmpty()) {
            return new Key(metric, Map.of());
        }
        String value = dimensionValue;
        if (value == null || !metric.dimensionValues().contains(value)) {
            Log.warn("metric dimension value not listed; counted as other", "metric", metric.metricName(),
                    "value_length", value == null ? 0 : value.length());
            value = Metric.OTHER;
        }
        return new Key(metric, Map.of(metric.dimension().get(), value));
    }

    /** A metric and its dimension values. */
    private record Key(Metric metric, Map<String, String> dimensions) {
    }

    /** What one invocation recorded. */
    private static final class Recording {

        private final Map<Key, List<Double>> entries = new LinkedHashMap<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        void add(Key key, long occurrences) {
            List<Double> values = entries.computeIfAbsent(key, k -> new ArrayList<>(1));
            if (values.isEmpty()) {
                values.add((double) occurrences);
            } else {
                values.set(0, values.get(0) + occurrences);
            }
        }

        void value(Key key, double value) {
            entries.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
        }
    }
}
