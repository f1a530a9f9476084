package com.cordiul.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.testing.InvocationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Every line of an invocation carries what joins it to Lambda's own lines; levels below the configured one drop. */
// It captures the layer's Log, which every class of this JVM writes to: it runs alone.
@Isolated
class LogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_HEADER = "com.amazonaws.xray.traceHeader";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        Log.redirect(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        Log.redirect(System.out);
        Log.level(LogLevel.fromEnvironment());
        System.clearProperty(TRACE_HEADER);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void everyLineOfAnInvocation_carriesItsRequestIdColdStartFunctionAndTrace() throws Exception {
        System.setProperty(TRACE_HEADER, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;"
                + "Sampled=1");
        try (FunctionInvocation invocation = FunctionInvocation.start(
                new InvocationContext("aws-req-1", "cordiul-CreateCallFunction-X", "12"))) {
            Log.begin("api-req-1", Map.of("owner", "user_1", "key_id", "key_1"));
            Log.info("first", "status", 201);
            Log.end();
            Log.warn("second");
        }
        Log.info("outside");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        for (JsonNode line : lines.subList(0, 2)) {
            assertThat(line.path("function_request_id").asText()).isEqualTo("aws-req-1");
            assertThat(line.path("function_name").asText()).isEqualTo("cordiul-CreateCallFunction-X");
            assertThat(line.path("function_version").asText()).isEqualTo("12");
            assertThat(line.path("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
            assertThat(line.path("cold_start").isBoolean()).isTrue();
        }
        assertThat(lines.get(0).path("request_id").asText()).isEqualTo("api-req-1");
        assertThat(lines.get(0).path("owner").asText()).isEqualTo("user_1");
        assertThat(lines.get(0).path("status").asText()).isEqualTo("201");
        assertThat(lines.get(1).has("request_id")).as("the request ended, the invocation did not").isFalse();
        assertThat(lines.get(2).has("function_request_id")).isFalse();
        assertThat(lines.get(2).path("function_name").asText()).isNotBlank();
    }

    @Test
    void onlyTheFirstInvocation_isACold_start_andARestoreMakesTheNextOneColdAgain() throws Exception {
        ColdStart.take();
        try (FunctionInvocation first = FunctionInvocation.start(null)) {
            Log.info("warm");
        }
        ColdStart.restored();
        try (FunctionInvocation restored = FunctionInvocation.start(null)) {
            Log.info("after the restore");
        }
        try (FunctionInvocation next = FunctionInvocation.start(null)) {
            Log.info("warm again");
        }
        assertThat(lines()).extracting(l -> l.path("cold_start").asBoolean()).containsExactly(false, true, false);
    }

    @Test
    void linesBelowTheConfiguredLevel_areNotWritten() throws Exception {
        Log.level(LogLevel.WARN);
        Log.debug("d");
        Log.info("i");
        Log.warn("w");
        Log.error("e", null);
        Log.emit("{\"_aws\":{}}");
        Log.level(LogLevel.DEBUG);
        Log.trace("t");
        Log.debug("d2");

        assertThat(lines()).extracting(l -> l.path("level").asText("metrics"))
                .containsExactly("WARN", "ERROR", "metrics", "DEBUG");
    }

    @Test
    void theLevel_isReadAsLambdaSetsIt_withInfoForAnythingElse() {
        assertThat(LogLevel.parse("DEBUG")).isEqualTo(LogLevel.DEBUG);
        assertThat(LogLevel.parse("warn")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.parse("WARNING")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.parse("FATAL")).isEqualTo(LogLevel.FATAL);
        assertThat(LogLevel.parse(null)).isEqualTo(LogLevel.INFO);
        assertThat(LogLevel.parse("loud")).isEqualTo(LogLevel.INFO);
        assertThat(LogLevel.INFO.admits(LogLevel.ERROR)).isTrue();
        assertThat(LogLevel.INFO.admits(LogLevel.DEBUG)).isFalse();
    }
}
