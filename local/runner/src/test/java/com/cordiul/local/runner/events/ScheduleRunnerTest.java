package com.cordiul.local.runner.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What EventBridge checks of a schedule, and a ScheduleV2's start and end dates, without functions to run. */
class ScheduleRunnerTest {

    @TempDir
    Path dir;

    private LambdaFunction function(String events) throws IOException {
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y
                      CodeUri: f.jar
                      Events:
                %s
                """.formatted(events.indent(8).stripTrailing()));
        return Stack.read(dir.resolve("template.yaml")).function("F");
    }

    private List<ScheduleRunner.Job> jobs(String events) throws IOException {
        LambdaFunction f = function(events);
        return f.eventsOf(FunctionEvent.Schedule.class).stream().map(e -> ScheduleRunner.job(f, e)).toList();
    }

    @Test
    void whatEventBridgeRefuses_stopsTheStart() {
        assertThatThrownBy(() -> jobs("""
                Bad:
                  Type: Schedule
                  Properties:
                    Schedule: rate(5 minute)
                """)).isInstanceOf(InvalidEventSourceException.class).hasMessageContaining("F event Bad")
                .hasMessageContaining("plural");
        assertThatThrownBy(() -> jobs("""
                Once:
                  Type: Schedule
                  Properties:
                    Schedule: at(2030-01-01T00:00:00)
                """)).hasMessageContaining("at(...) is for ScheduleV2");
        assertThatThrownBy(() -> jobs("""
                Zoned:
                  Type: ScheduleV2
                  Properties:
                    ScheduleExpression: cron(0 9 * * ? *)
                    ScheduleExpressionTimezone: Mars/Olympus_Mons
                """)).hasMessageContaining("no such ScheduleExpressionTimezone");
        assertThatThrownBy(() -> jobs("""
                Input:
                  Type: Schedule
                  Properties:
                    Schedule: rate(1 hour)
                    Input: not json
                """)).hasMessageContaining("Input is not JSON");
    }

    @Test
    void schedulerDates_boundTheFirings_andAPastAtNeverFires() throws Exception {
        Instant now = Instant.now();
        List<ScheduleRunner.Job> jobs = jobs("""
                Later:
                  Type: ScheduleV2
                  Properties:
                    ScheduleExpression: rate(1 minute)
                    StartDate: "%s"
                Ended:
                  Type: ScheduleV2
                  Properties:
                    ScheduleExpression: rate(1 minute)
                    EndDate: "%s"
                Past:
                  Type: ScheduleV2
                  Properties:
                    ScheduleExpression: at(2020-01-01T00:00:00)
                """.formatted(now.plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                now.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        List<String> invoked = new CopyOnWriteArrayList<>();
        try (ScheduleRunner runner = new ScheduleRunner(jobs, (function, event, requestId) -> {
            invoked.add(function);
            return new InvokeResult.Succeeded(new byte[0]);
        }, (source, message) -> { }, 1)) {
            runner.start();
            assertThat(runner.next(0)).hasValueSatisfying(next -> assertThat(next)
                    .isAfterOrEqualTo(now.plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
            assertThat(runner.next(1)).isEmpty();
            assertThat(runner.next(2)).isEmpty();
        }
        assertThat(invoked).isEmpty();
    }

    @Test
    void failedInvocation_isNotRetriedBeyondTheEventsMaximumAge() throws Exception {
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y
                      CodeUri: f.jar
                      EventInvokeConfig:
                        MaximumEventAgeInSeconds: 90
                      Events:
                        Tick:
                          Type: Schedule
                          Properties:
                            Schedule: rate(1 minute)
                """);
        LambdaFunction f = Stack.read(dir.resolve("template.yaml")).function("F");
        List<ScheduleRunner.Job> jobs = List.of(ScheduleRunner.job(f, f.eventsOf(FunctionEvent.Schedule.class)
                .get(0)));
        List<String> attempts = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        // 60 times faster: retries after 1 s and 2 s, a maximum age of 1.5 s, a firing every second.
        try (ScheduleRunner runner = new ScheduleRunner(jobs, (function, event, requestId) -> {
            attempts.add(requestId);
            return new InvokeResult.Failed("java.lang.IllegalStateException", "always", false);
        }, (source, message) -> lines.add(message), 60)) {
            runner.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (lines.stream().noneMatch(l -> l.contains("older than its maximum age"))) {
                assertThat(System.nanoTime()).as("a retry refused for the event's age").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        String dropped = lines.stream().filter(l -> l.contains("older than its maximum age")).findFirst()
                .orElseThrow();
        String requestId = attempts.stream().filter(dropped::contains).findFirst().orElseThrow();
        assertThat(attempts.stream().filter(requestId::equals)).as("the first attempt and one retry").hasSize(2);
        assertThat(dropped).contains("maximum age (90 s) at the next retry: the event is dropped");
    }
}
