package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.runner.events.EventSources;
import com.cordiul.stack.FunctionEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules of {@code schedules-template.yaml}, fired 60 times faster than the template says (a
 * {@code rate(1 minute)} every second): the scheduled event of an EventBridge rule and of the Scheduler, an
 * {@code Input} instead, disabled schedules never firing, and a failing invocation retried as Lambda retries an
 * asynchronous one.
 */
class ScheduleTest {

    private static final double SCALE = 60;

    @TempDir
    static Path dir;

    private static Path recordings;
    private static Path runnerLog;
    private static LocalStack stack;

    @BeforeAll
    static void start() throws IOException {
        Path template = TestDeployment.create(dir, "/schedules-template.yaml");
        recordings = dir.resolve("recordings");
        runnerLog = dir.resolve("runner.log");
        stack = LocalStack.start(LocalOptions.defaults(template).withWorkDir(dir.resolve("work"))
                .withParameter("RecordDir", recordings.toString()).withRunnerLog(runnerLog).withScheduleScale(SCALE));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void rateSchedule_invokesItsFunction_withEventBridgesScheduledEvent() throws Exception {
        Await.until("the Tick schedule fired three times", () -> Recordings.of(recordings, "TickFunction").size() >= 3);
        List<JsonNode> events = Recordings.of(recordings, "TickFunction").stream().map(r -> r.path("event")).toList();
        JsonNode event = events.get(0);
        assertThat(fieldNames(event)).containsExactly("version", "id", "detail-type", "source", "account", "time",
                "region", "resources", "detail");
        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.path("account").asText()).isEqualTo("123456789012");
        assertThat(event.path("region").asText()).isEqualTo("us-east-1");
        assertThat(event.path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(event.path("resources").toString())
                .isEqualTo("[\"arn:aws:events:us-east-1:123456789012:rule/TickFunctionTick\"]");
        assertThat(event.path("detail").isObject()).isTrue();
        assertThat(event.path("detail").isEmpty()).isTrue();
        assertThat(events.stream().map(e -> e.path("id").asText()).distinct()).hasSize(events.size());
        // Each firing carries its own time; invocations are asynchronous, so they may be recorded out of order.
        List<Instant> times = events.stream().map(e -> Instant.parse(e.path("time").asText())).toList();
        assertThat(times).doesNotHaveDuplicates();
    }

    @Test
    void schedulerCron_invokesItsFunction_withTheSchedulersNotification() throws Exception {
        Await.until("the every-minute cron fired", () -> !Recordings.of(recordings, "CronFunction").isEmpty());
        JsonNode event = Recordings.of(recordings, "CronFunction").get(0).path("event");
        assertThat(event.path("source").asText()).isEqualTo("aws.scheduler");
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("resources").get(0).asText())
                .isEqualTo("arn:aws:scheduler:us-east-1:123456789012:schedule/default/every-minute");
        assertThat(event.path("detail").asText()).isEqualTo("{}");
    }

    @Test
    void scheduleWithInput_sendsTheInputInstead() throws Exception {
        Await.until("the schedule with Input fired", () -> !Recordings.of(recordings, "InputFunction").isEmpty());
        assertThat(Recordings.of(recordings, "InputFunction").get(0).path("event").toString())
                .isEqualTo("{\"from\":\"the template\"}");
    }

    @Test
    void disabledSchedules_neverFire() throws Exception {
        long before = Recordings.of(recordings, "TickFunction").size();
        Await.until("three more Ticks (three periods of the disabled schedules)",
                () -> Recordings.of(recordings, "TickFunction").size() >= before + 3);
        assertThat(Recordings.of(recordings, "OffFunction")).isEmpty();
        assertThat(stack.eventSources().schedules()).filteredOn(s -> s.functionId().equals("OffFunction"))
                .hasSize(2).allSatisfy(s -> {
                    assertThat(s.enabled()).isFalse();
                    assertThat(s.nextFiring()).isEmpty();
                    assertThat(s.invocations()).isZero();
                });
    }

    @Test
    void failedInvocation_isRetriedAsLambdaRetriesAnAsynchronousOne_thenDropped() throws Exception {
        Await.until("the failing schedule's first firing tried twice (MaximumRetryAttempts 1)", () ->
                attemptsByRequest("FlakyFunction").values().stream().anyMatch(n -> n >= 2));
        String log = Files.readString(runnerLog);
        assertThat(log).contains("[schedule] FlakyFunction Fails (rate(10 minutes)): invocation (request ")
                .contains("failed: function error: java.lang.IllegalStateException: failing, as the event asks; "
                        + "Lambda retries it in 1000 ms (retry 1 of 1)");
        Await.until("the retry given up", () -> read(runnerLog).contains("no retry left (1 done): the event is "
                + "dropped"));
        assertThat(attemptsByRequest("FlakyFunction").values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    }

    @Test
    void scheduleStatus_saysWhatFires_andWhen() throws Exception {
        Await.until("Tick counted", () -> tick().invocations() >= 1);
        EventSources.ScheduleStatus tick = tick();
        assertThat(tick.kind()).isEqualTo(FunctionEvent.Schedule.Kind.EVENTBRIDGE_RULE);
        assertThat(tick.expression()).isEqualTo("rate(1 minute)");
        assertThat(tick.nextFiring()).isPresent();
        assertThat(tick.describe()).startsWith("TickFunction Tick rate(1 minute), next at ");
    }

    private static EventSources.ScheduleStatus tick() {
        return stack.eventSources().schedules().stream().filter(s -> s.functionId().equals("TickFunction"))
                .findFirst().orElseThrow();
    }

    private static Map<String, Long> attemptsByRequest(String function) {
        return Recordings.of(recordings, function).stream().collect(Collectors.groupingBy(
                r -> r.path("requestId").asText(), Collectors.counting()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
