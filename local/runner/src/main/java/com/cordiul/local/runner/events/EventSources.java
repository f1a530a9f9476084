package com.cordiul.local.runner.events;

import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Queue;
import com.cordiul.stack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What invokes a stack's functions besides its API: the SQS event source mappings ({@code Type: SQS} events), each
 * polling its queue as Lambda does ({@link SqsPoller}); a disabled one ({@code Enabled: false}) is known but never
 * polls.
 */
public final class EventSources implements AutoCloseable {

    private final List<SqsPoller> pollers;
    private final List<String> notes;
    private final SqsClient sqs;

    private EventSources(List<SqsPoller> pollers, List<String> notes, SqsClient sqs) {
        this.pollers = List.copyOf(pollers);
        this.notes = List.copyOf(notes);
        this.sqs = sqs;
    }

    /**
     * Checks every event source of the stack as Lambda would (an {@link InvalidEventSourceException} for one it
     * would refuse), then starts them.
     *
     * @param concurrency a function's concurrency limit, by logical id
     * @param sqs         an SQS client on the stack's queues (called only when a function has an SQS event); this
     *                    closes it
     */
    public static EventSources start(Stack stack, ToIntFunction<String> concurrency, EventTarget target, EventLog log,
                                     Supplier<SqsClient> sqs) {
        List<SqsMapping> mappings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (LambdaFunction function : stack.functions()) {
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
        return new EventSources(pollers, notes, client);
    }

    /** The SQS event source mappings, in template order (disabled ones too). */
    public List<SqsMapping> mappings() {
        return pollers.stream().map(SqsPoller::mapping).toList();
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

    /** Stops every poller (a batch being invoked finishes). */
    @Override
    public void close() {
        pollers.forEach(SqsPoller::close);
        if (sqs != null) {
            sqs.close();
        }
    }
}
