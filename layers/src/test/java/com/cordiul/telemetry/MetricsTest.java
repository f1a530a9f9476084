package com.cordiul.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.logging.Log;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.InvocationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The metrics of an invocation, printed once at its end and read back with the EMF specification's rules. */
// It captures the layer's Log, which every class of this JVM writes to: it runs alone.
@Isolated
class MetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        Log.redirect(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        Log.redirect(System.out);
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> documents() {
        return lines().stream().filter(EmfRules::isDocument).toList();
    }

    @Test
    void anInvocationsMetrics_arePrintedOnceAtItsEnd_inOneValidDocument() throws Exception {
        try (FunctionInvocation invocation = FunctionInvocation.start(InvocationContext.of("req-1", "fn"))) {
            Metrics.count(Metric.CALLS_ACCEPTED);
            Metrics.count(Metric.CALLS_TERMINAL, "failed");
            Metrics.count(Metric.CHIME_ERRORS, "throttled");
            Metrics.count(Metric.CHIME_THROTTLES);
            Metrics.count(Metric.CHIME_THROTTLES);
            Metrics.time(Metric.DIAL_LATENCY, Duration.ofMillis(12));
            Metrics.time(Metric.DIAL_LATENCY, Duration.ofMillis(30));
            Metrics.property("request_id", "api-req-1");
            assertThat(documents()).as("nothing printed before the invocation ends").isEmpty();
        }

        assertThat(documents()).hasSize(1);
        String document = documents().get(0);
        assertThat(EmfRules.problems(document)).isEmpty();
        List<EmfRules.Datum> data = EmfRules.data(lines());
        assertThat(data).allSatisfy(d -> assertThat(d.namespace()).isEqualTo(Metrics.DEFAULT_NAMESPACE));
        assertThat(EmfRules.sum(data, "CallsAccepted", Map.of())).isEqualTo(1);
        assertThat(EmfRules.sum(data, "CallsTerminal", Map.of("Status", "failed"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "ChimeErrors", Map.of("ErrorClass", "throttled"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "ChimeThrottles", Map.of())).as("counts add up").isEqualTo(2);
        assertThat(data).filteredOn(d -> d.name().equals("DialLatency")).singleElement()
                .satisfies(d -> {
                    assertThat(d.values()).containsExactly(12.0, 30.0);
                    assertThat(d.unit()).isEqualTo("Milliseconds");
                });
        JsonNode root = JSON.readTree(document);
        assertThat(root.path("function_request_id").asText()).isEqualTo("req-1");
        assertThat(root.path("function_name").asText()).isEqualTo("fn");
        assertThat(root.path("request_id").asText()).isEqualTo("api-req-1");
        assertThat(root.has("cold_start")).as("in the invocation's log lines, not its metrics").isFalse();
    }

    @Test
    void anInvocationThatFails_stillPrintsItsMetrics() {
        try (FunctionInvocation invocation = FunctionInvocation.start(null)) {
            Metrics.count(Metric.SWEEPER_RUNS);
            throw new IllegalStateException("boom");
        } catch (IllegalStateException expected) {
            // The invocation closed before the catch.
        }
        assertThat(EmfRules.sum(EmfRules.data(lines()), "SweeperRuns", Map.of())).isEqualTo(1);
    }

    @Test
    void nothingRecorded_printsNothing_andNothingIsRecordedOutsideAnInvocation() {
        Metrics.count(Metric.CALLS_ACCEPTED);
        try (FunctionInvocation invocation = FunctionInvocation.start(null)) {
            Metrics.count(Metric.CALLS_SWEPT, 0);
        }
        Metrics.count(Metric.CALLS_DIALED);
        assertThat(documents()).isEmpty();
    }

    @Test
    void anUnlistedDimensionValue_isCountedAsOther_neverAsItself() {
        try (FunctionInvocation invocation = FunctionInvocation.start(null)) {
            Metrics.count(Metric.CALLS_TERMINAL, "user_2abc");
            Metrics.count(Metric.RATE_LIMITED, null);
        }
        List<EmfRules.Datum> data = EmfRules.data(lines());
        assertThat(EmfRules.sum(data, "CallsTerminal", Map.of("Status", "other"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "RateLimited", Map.of("Limit", "other"))).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("user_2abc");
    }

    @Test
    void twoValuesOfOneDimension_goIntoTwoDocuments() {
        try (FunctionInvocation invocation = FunctionInvocation.start(null)) {
            Metrics.count(Metric.CALLS_TERMINAL, "failed");
            Metrics.count(Metric.CALLS_TERMINAL, "failed");
            Metrics.count(Metric.CALLS_TERMINAL, "completed");
        }
        assertThat(documents()).hasSize(2).allSatisfy(d -> assertThat(EmfRules.problems(d)).isEmpty());
        List<EmfRules.Datum> data = EmfRules.data(lines());
        assertThat(EmfRules.sum(data, "CallsTerminal", Map.of("Status", "failed"))).isEqualTo(2);
        assertThat(EmfRules.sum(data, "CallsTerminal", Map.of("Status", "completed"))).isEqualTo(1);
    }

    @Test
    void everyMetric_hasAUnitAndDimensionsCloudWatchTakes() {
        try (FunctionInvocation invocation = FunctionInvocation.start(null)) {
            for (Metric metric : Metric.values()) {
                if (metric.unit() == MetricUnit.MILLISECONDS) {
                    Metrics.time(metric, Duration.ofMillis(3));
                } else if (metric.dimension().isPresent()) {
                    metric.dimensionValues().forEach(v -> Metrics.count(metric, v));
                } else {
                    Metrics.count(metric);
                }
            }
        }
        List<EmfRules.Datum> data = EmfRules.data(lines());
        List<String> names = new ArrayList<>();
        data.forEach(d -> names.add(d.name()));
        for (Metric metric : Metric.values()) {
            assertThat(names).contains(metric.metricName());
            assertThat(Metric.named(metric.metricName())).contains(metric);
        }
    }
}
