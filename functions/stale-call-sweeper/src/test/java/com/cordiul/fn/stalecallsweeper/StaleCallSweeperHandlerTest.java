package com.cordiul.fn.stalecallsweeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.calls.progress.SweepSettings;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.logging.Log;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StaleCallSweeperHandlerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:05:00Z");
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    @Test
    void scheduledEvent_sweepsStaleCalls_andReturnsTheCounts() throws Exception {
        CallStore store = new CallStore(STORE.client(), "CallsTable");
        CallStatusMachine machine = new CallStatusMachine();
        store.create(CallRecord.initiating("user_1", "call_stale", "contact_1", "+12025550100", "+12065550100",
                null, NOW.minusSeconds(1000)));
        store.update("user_1", "call_stale", r -> machine.apply(r, CallEvent.ringing(NOW.minusSeconds(200))));
        store.create(CallRecord.initiating("user_1", "call_fresh", "contact_1", "+12025550100", "+12065550100",
                null, NOW.minusSeconds(10)));
        StaleCallSweeperHandler handler = new StaleCallSweeperHandler(new StaleCallSweeper(STORE.client(), store,
                machine, Clock.fixed(NOW, ZoneOffset.UTC), new SweepSettings(Duration.ofDays(1),
                Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(180), Duration.ofSeconds(3600),
                100, 1000)));
        byte[] event = Files.readAllBytes(RepositoryRoot.find().resolve("events/stale-call-sweeper.json"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Map<String, Object> first;
        Map<String, Object> second;
        try {
            first = invoke(handler, event);
            second = invoke(handler, event);
        } finally {
            Log.redirect(System.out);
        }

        assertThat(first).containsEntry("examined", 1).containsEntry("swept", 1).containsEntry("failed", 0)
                .containsEntry("truncated", false).containsEntry("repaired", 0);
        assertThat(second).containsEntry("examined", 0).containsEntry("swept", 0);
        assertThat(store.find("user_1", "call_stale").orElseThrow().status()).isEqualTo(CallStatus.FAILED);
        assertThat(store.find("user_1", "call_fresh").orElseThrow().status()).isEqualTo(CallStatus.INITIATING);
        List<EmfRules.Datum> metrics = EmfRules.data(printed.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(EmfRules.sum(metrics, "SweeperRuns", Map.of())).isEqualTo(2);
        assertThat(EmfRules.sum(metrics, "CallsSwept", Map.of())).as("the second run swept nothing").isEqualTo(1);
        assertThat(EmfRules.sum(metrics, "CallsTerminal", Map.of("Status", "failed"))).isEqualTo(1);
        assertThat(metrics).noneMatch(d -> d.name().equals("SweepFailures"));
    }

    @Test
    void anUnreadableEvent_stillSweeps() throws IOException {
        StaleCallSweeperHandler handler = new StaleCallSweeperHandler(new StaleCallSweeper(STORE.client(),
                new CallStore(STORE.client(), "CallsTable"), new CallStatusMachine(), Clock.fixed(NOW, ZoneOffset.UTC),
                new SweepSettings(Duration.ofDays(1), Duration.ofSeconds(300), Duration.ofSeconds(300),
                        Duration.ofSeconds(180), Duration.ofSeconds(3600), 100, 1000)));

        assertThat(invoke(handler, "not json".getBytes(StandardCharsets.UTF_8))).containsKey("examined");
    }

    /** One invocation as Lambda runs it: the event's bytes in, the answer's JSON out. */
    private static Map<String, Object> invoke(StaleCallSweeperHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return TestJson.mapper().readValue(out.toByteArray(), new TypeReference<>() { });
    }
}
