package com.cordiul.local.runner.events;

import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Queue;
import com.cordiul.stack.Stack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What invokes a stack's functions besides its API: the SQS event source mappings ({@code Type: SQS} events), each
 * polling its queue as Lambda does ({@link SqsPoller}), and the schedules ({@code Type: Schedule} and
 * {@code ScheduleV2}), fired as EventBridge fires them ({@link ScheduleRunner}). A disabled one
 * ({@code Enabled: false}) is known but never runs.
 */
public final class EventSources implements AutoCloseable {

    private final List<SqsPoller> pollers;
    private final ScheduleRunner schedules;
    private final boolean schedulesOn;
    private final List<String> notes;
    private final SqsClient sqs;

    private EventSources(List<SqsPoller> pollers, ScheduleRunner schedules, boolean schedulesOn, List<String> notes,
                         SqsClient sqs) {
        this.pollers = List.copyOf(pollers);
        this.schedules = schedules;
        this.schedulesOn = schedulesOn;
        this.notes = List.copyOf(notes);
        this.sqs = sqs;
    }

    /**
     * Checks every event source of the stack as Lambda would (an {@link InvalidEventSourceException} for one it
     * would refuse), then starts them.
     *
     * @param concurrency   a function's concurrency limit, by logical id
     * @param sqs           an SQS client on the stack's queues (called only when a function has an SQS event); this
     *                      closes it
     * @param schedulesOn   whether the schedules fire (they are checked either way)
     * @param scheduleScale how many times faster than the template says they fire
     */
    public static EventSources start(Stack stack, ToIntFunction<String> concurrency, EventTarget target, EventLog log,
                                     Supplier<SqsClient> sqs, boolean schedulesOn, double scheduleScale) {
        List<SqsMapping> mappings = new ArrayList<>();
        List<ScheduleRunner.Job> jobs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (LambdaFunction function : stack.functions()) {
            for (FunctionEvent.Schedule schedule : function.eventsOf(FunctionEvent.Schedule.class)) {
                jobs.add(ScheduleRunner.job(function, schedule));
            }
            for (FunctionEvent.Sqs event : function.eventsOf(FunctionEvent.Sqs.class)) {
                if (event.queueId().isEmpty()) {
                    notes.add(function.logicalId() + " event " + event.name() + " polls " + event.queueArn()
                            + ", which is no queue of the template: it cannot be polled locally");
                    continue;
                }
                Queue queue = stack.queue(event.queueId().get());
                mappings.add(SqsMapping.of(function, event, queue, concurrency.applyAsInt(function.logicalId())));
            }
        }
        notes.forEach(note -> log.write("sqs", note));
        SqsClient client = mappings.isEmpty() ? null : sqs.get();
        List<SqsPoller> pollers = new ArrayList<>();
        for (SqsMapping mapping : mappings) {
            SqsPoller poller = new SqsPoller(mapping, client, target, log);
            if (mapping.enabled()) {
                poller.start();
            }
            pollers.add(poller);
        }
        ScheduleRunner schedules = new ScheduleRunner(jobs, target, log, scheduleScale);
        if (schedulesOn) {
            schedules.start();
        }
        return new EventSources(pollers, schedules, schedulesOn, notes, client);
    }

    /** The SQS event source mappings, in template order (disabled ones too). */
    public List<SqsMapping> mappings() {
        return pollers.stream().map(SqsPoller::mapping).toList();
    }

    /** A schedule, and how it is doing. */
    public record ScheduleStatus(String functionId, String eventName, String expression,
                                 FunctionEvent.Schedule.Kind kind, String resourceArn, boolean enabled,
                                 Optional<Instant> nextFiring, long invocations, long failedInvocations) {

        /** For ./dev's banner. */
        public String describe() {
            return functionId + " " + eventName + " " + expression + (enabled ? nextFiring.map(n -> ", next at "
                    + n.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).orElse(", no further firing")
                    : ", disabled in the template");
        }
    }

    /** Every schedule of the stack, in template order (disabled ones too). */
    public List<ScheduleStatus> schedules() {
        List<ScheduleStatus> all = new ArrayList<>();
        List<ScheduleRunner.Job> jobs = schedules.jobs();
        for (int i = 0; i < jobs.size(); i++) {
            ScheduleRunner.Job job = jobs.get(i);
            FunctionEvent.Schedule event = job.event();
            all.add(new ScheduleStatus(job.functionId(), event.name(), event.expression(), event.kind(),
                    event.resourceArn(), event.enabled(), schedules.next(i), schedules.invocations(i),
                    schedules.failures(i)));
        }
        return all;
    }

    /** Whether the schedules fire ({@code ./dev --no-schedules} turns them off). */
    public boolean schedulesOn() {
        return schedulesOn;
    }

    /** What could not be run locally (an event source on a queue outside the template). */
    public List<String> notes() {
        return notes;
    }

    /** How a mapping is doing. */
    public record MappingStats(String functionId, String eventName, String queueId, int pollers, int inFlight,
                               int maxInFlight, long batches, long messagesDeleted, long failedBatches) {
    }

    /** How every mapping is doing. */
    public List<MappingStats> stats() {
        List<MappingStats> all = new ArrayList<>();
        for (SqsPoller poller : pollers) {
            SqsPoller.Stats s = poller.stats();
            SqsMapping m = poller.mapping();
            all.add(new MappingStats(m.functionId(), m.eventName(), m.queue().logicalId(), s.pollers(), s.inFlight(),
                    s.maxInFlight(), s.batches(), s.messagesDeleted(), s.failedBatches()));
        }
        return all;
    }

    /**
     * Waits until a queue is drained: no message visible, in flight or delayed, and no batch of it being invoked.
     *
     * @throws IllegalStateException when it is not within the timeout (the message says what is left)
     */
    public void awaitDrained(Queue queue, Duration timeout) throws InterruptedException {
        if (sqs == null) {
            throw new IllegalStateException("No event source mapping polls a queue of this stack");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String left = "";
        while (System.nanoTime() < deadline) {
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queue.url())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            int invoking = pollers.stream().filter(p -> p.mapping().queue().logicalId().equals(queue.logicalId()))
                    .mapToInt(p -> p.stats().inFlight()).sum();
            boolean empty = counts.values().stream().allMatch("0"::equals);
            if (empty && invoking == 0) {
                return;
            }
            left = counts + ", batches being invoked: " + invoking;
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("Queue " + queue.logicalId() + " was not drained within "
                + timeout.toSeconds() + " s: " + left);
    }

    /** Stops every poller and schedule (a batch or firing being invoked finishes). */
    @Override
    public void close() {
        schedules.close();
        pollers.forEach(SqsPoller::close);
        if (sqs != null) {
            sqs.close();
        }
    }
}
