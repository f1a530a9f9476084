package com.cordiul.telemetry;

import com.cordiul.logging.JsonLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders recorded metrics as CloudWatch embedded metric format documents: one JSON object a line, with an
 * {@code _aws} member holding the timestamp and one metric directive per set of dimension keys, each dimension and
 * each metric's value a member of the root. As few documents as the format's rules allow: a document holds one
 * value per dimension key, each metric once, at most {@value #MAX_METRICS} metrics, at most
 * {@value #MAX_VALUES} values per metric and {@value #MAX_DIMENSIONS} keys per dimension set.
 */
final class EmfDocuments {

    /** Metric definitions a document may hold. */
    static final int MAX_METRICS = 100;
    /** Values one metric may carry in one document. */
    static final int MAX_VALUES = 100;
    /** Keys a dimension set may have. */
    static final int MAX_DIMENSIONS = 30;

    private EmfDocuments() {
    }

    /**
     * One recorded metric: its name, unit, dimensions (key to value) and values.
     *
     * @param name       the metric's name
     * @param unit       its CloudWatch unit
     * @param dimensions its dimensions, none or a few
     * @param values     its values, at least one
     */
    record Entry(String name, String unit, Map<String, String> dimensions, List<Double> values) {

        Entry {
            dimensions = Map.copyOf(dimensions);
            values = List.copyOf(values);
            if (dimensions.size() > MAX_DIMENSIONS) {
                throw new IllegalArgumentException(name + " has more than " + MAX_DIMENSIONS + " dimensions");
            }
        }
    }

    /** The documents for the entries, each one line; properties (never dimensions) go into every document. */
    static List<String> render(String namespace, long timestampMillis, List<Entry> entries,
                               Map<String, Object> properties) {
        List<Document> documents = new ArrayList<>();
        for (Entry entry : entries) {
            List<Double> values = entry.values();
            for (int from = 0; from < values.size(); from += MAX_VALUES) {
                Entry chunk = new Entry(entry.name(), entry.unit(), entry.dimensions(),
                        values.subList(from, Math.min(values.size(), from + MAX_VALUES)));
                place(documents, chunk);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Document document : documents) {
            lines.add(document.render(namespace, timestampMillis, properties));
        }
        return lines;
    }

    private static void place(List<Document> documents, Entry entry) {
        for (Document document : documents) {
            if (document.accepts(entry)) {
                document.add(entry);
                return;
            }
        }
        Document fresh = new Document();
        fresh.add(entry);
        documents.add(fresh);
    }

    /** One document being filled. */
    private static final class Document {

        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<String, Entry> metrics = new LinkedHashMap<>();

        boolean accepts(Entry entry) {
            if (metrics.size() >= MAX_METRICS || metrics.containsKey(entry.name())) {
                return false;
            }
            for (Map.Entry<String, String> dimension : entry.dimensions().entrySet()) {
                String held = dimensions.get(dimension.getKey());
                if (held != null && !held.equals(dimension.getValue())) {
                    return false;
                }
                if (metrics.containsKey(dimension.getKey())) {
                    return false;
                }
            }
            return !dimensions.containsKey(entry.name());
        }

        void add(Entry entry) {
            dimensions.putAll(entry.dimensions());
            metrics.put(entry.name(), entry);
        }

        String render(String namespace, long timestampMillis, Map<String, Object> properties) {
            Map<Set<String>, List<Entry>> directives = new LinkedHashMap<>();
            for (Entry entry : metrics.values()) {
                directives.computeIfAbsent(new LinkedHashSet<>(entry.dimensions().keySet()),
                        k -> new ArrayList<>()).add(entry);
            }
            StringBuilder out = new StringBuilder(256 + 64 * metrics.size());
            out.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis).append(",\"CloudWatchMetrics\":[");
            boolean firstDirective = true;
            for (Map.Entry<Set<String>, List<Entry>> directive : directives.entrySet()) {
                out.append(firstDirective ? "" : ",").append("{\"Namespace\":");
                firstDirective = false;
                JsonLine.string(out, namespace);
                out.append(",\"Dimensions\":[[");
                appendStrings(out, directive.getKey());
                out.append("]],\"Metrics\":[");
                boolean firstMetric = true;
                for (Entry entry : directive.getValue()) {
                    out.append(firstMetric ? "" : ",").append("{\"Name\":");
                    firstMetric = false;
                    JsonLine.string(out, entry.name());
                    out.append(",\"Unit\":");
                    JsonLine.string(out, entry.unit());
                    out.append('}');
                }
                out.append("]}");
            }
            out.append("]}");
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                member(out, dimension.getKey(), dimension.getValue());
            }
            for (Entry entry : metrics.values()) {
                out.append(',');
                JsonLine.string(out, entry.name());
                out.append(':');
                if (entry.values().size() == 1) {
                    JsonLine.value(out, entry.values().get(0));
                } else {
                    out.append('[');
                    for (int i = 0; i < entry.values().size(); i++) {
                        out.append(i == 0 ? "" : ",");
                        JsonLine.value(out, entry.values().get(i));
                    }
                    out.append(']');
                }
            }
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                if (!dimensions.containsKey(property.getKey()) && !metrics.containsKey(property.getKey())) {
                    member(out, property.getKey(), property.getValue());
                }
            }
            return out.append('}').toString();
        }

        private static void member(StringBuilder out, String key, Object value) {
            out.append(',');
            JsonLine.string(out, key);
            out.append(':');
            JsonLine.value(out, value);
        }

        private static void appendStrings(StringBuilder out, Set<String> values) {
            boolean first = true;
            for (String value : values) {
                out.append(first ? "" : ",");
                first = false;
                JsonLine.string(out, value);
            }
        }
    }
}
