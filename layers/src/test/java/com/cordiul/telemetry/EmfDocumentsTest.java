package com.cordiul.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.testing.EmfRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The documents keep within the format's limits whatever is recorded, and publish every value exactly once. */
class EmfDocumentsTest {

    private static List<String> render(List<EmfDocuments.Entry> entries) {
        return EmfDocuments.render("Cordiul", 1_760_000_000_000L, entries, Map.of("function_name", "fn"));
    }

    private static List<Double> ones(int n) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add((double) i);
        }
        return values;
    }

    @Test
    void moreThan100Metrics_orValues_areSplitIntoDocumentsWithinTheLimits() {
        List<EmfDocuments.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            entries.add(new EmfDocuments.Entry("M" + i, "Count", Map.of(), List.of(1.0)));
        }
        entries.add(new EmfDocuments.Entry("Latency", "Milliseconds", Map.of(), ones(250)));

        List<String> documents = render(entries);

        // Three documents of metrics; a metric appears once per document, so the other two chunks need two more.
        assertThat(documents.size()).isEqualTo(5);
        documents.forEach(d -> assertThat(EmfRules.problems(d)).isEmpty());
        List<EmfRules.Datum> data = EmfRules.data(documents);
        assertThat(data.stream().filter(d -> d.name().startsWith("M")).count()).isEqualTo(250);
        assertThat(data.stream().filter(d -> d.name().equals("Latency")).mapToInt(d -> d.values().size()))
                .containsExactly(100, 100, 50);
    }

    @Test
    void aDimensionSetOfMoreThan30Keys_isRefusedBeforeAnythingIsWritten() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 0; i < 31; i++) {
            dimensions.put("D" + i, "v");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EmfDocuments.Entry("M", "Count", dimensions,
                List.of(1.0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRulesThemselves_findABrokenDocument() {
        assertThat(EmfRules.problems("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\","
                + "\"Dimensions\":[[\"Status\"]],\"Metrics\":[{\"Name\":\"Calls\",\"Unit\":\"Calls\"}]}]}}"))
                .anySatisfy(p -> assertThat(p).contains("dimension Status"))
                .anySatisfy(p -> assertThat(p).contains("not a CloudWatch unit"))
                .anySatisfy(p -> assertThat(p).contains("metric Calls has no numeric value"));
        assertThat(EmfRules.problems("{\"_aws\":{\"CloudWatchMetrics\":[]}}"))
                .anySatisfy(p -> assertThat(p).contains("Timestamp"))
                .anySatisfy(p -> assertThat(p).contains("non-empty array"));
    }

    @Property(tries = 200)
    void anyRecording_rendersValidDocuments_publishingEveryValueOnce(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> metricNumbers,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 3) Integer> dimensionValues,
            @ForAll @IntRange(min = 1, max = 230) int valuesOfTheTimer) {
        Map<String, EmfDocuments.Entry> entries = new LinkedHashMap<>();
        double expected = 0;
        for (int i = 0; i < metricNumbers.size(); i++) {
            String name = "Count" + metricNumbers.get(i);
            String value = "v" + dimensionValues.get(i % dimensionValues.size());
            Map<String, String> dimensions = metricNumbers.get(i) % 2 == 0 ? Map.of() : Map.of("Kind", value);
            entries.putIfAbsent(name + dimensions, new EmfDocuments.Entry(name, "Count", dimensions, List.of(1.0)));
        }
        expected += entries.size();
        List<EmfDocuments.Entry> all = new ArrayList<>(entries.values());
        all.add(new EmfDocuments.Entry("Timer", "Milliseconds", Map.of("Kind", "v0"), ones(valuesOfTheTimer)));

        List<String> documents = render(all);

        documents.forEach(d -> assertThat(EmfRules.problems(d)).as(d).isEmpty());
        List<EmfRules.Datum> data = EmfRules.data(documents);
        assertThat(data.stream().filter(d -> d.name().startsWith("Count")).mapToDouble(d -> d.values().get(0))
                .sum()).isEqualTo(expected);
        assertThat(data.stream().filter(d -> d.name().equals("Timer")).mapToInt(d -> d.values().size()).sum())
                .isEqualTo(valuesOfTheTimer);
    }
}
