package com.cordiul.local.runner.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs one SQS event source mapping as Lambda runs it: pollers that long-poll the queue (20 s), each gathering a
 * batch (up to {@code BatchSize}, within the batching window, under the 6 MB payload limit) and invoking the
 * function with it synchronously, then deleting the messages that succeeded. A failed batch (function error,
 * timeout, invalid partial batch response) deletes nothing; its messages come back when their visibility timeout
 * ends (the function may have changed it), and the queue's redrive policy moves them to the dead-letter queue
 * (ElasticMQ does). A throttled invocation is retried with backoff until the visibility timeout runs out.
 *
 * <p>Scaling: five pollers to start (fewer when the limit is lower), one more whenever a full batch arrives and
 * the limit allows (at most 5 a second: Lambda's 300 a minute), one fewer after a long poll that found nothing or
 * a function error (unless the mapping reports batch item failures), never fewer than the first ones, and never
 * more than {@link SqsMapping#pollerLimit}: since each poller runs one batch at a time, the mapping never has more
 * invocations in flight than that. A FIFO queue hands out a message group's messages in order and none of them
 * while one is in flight, so a group has one batch in flight at a time. On a FIFO queue a poller long-polls only
 * while the queue is empty, and otherwise receives without waiting ({@link FifoReceiveWait}: ElasticMQ busy-loops
 * under a long poll that a blocked group cannot answer).
 */
final class SqsPoller implements AutoCloseable {

    /** Lambda's pollers at the start, and what they scale back to. */
    static final int INITIAL_POLLERS = 5;
    static final int LONG_POLL_SECONDS = 20;
    /** Lambda's limit on a synchronous invocation's payload. */
    static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    private static final long SCALE_UP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration THROTTLE_BACKOFF_MAX = Duration.ofSeconds(2);

    private final SqsMapping mapping;
    private final SqsClient sqs;
    private final EventTarget target;
    private final EventLog log;
    private final int initial;
    private final Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger pollers = new AtomicInteger();
    private final AtomicInteger numbered = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong lastScaleUp = new AtomicLong(System.nanoTime());
    private volatile boolean running;
    private volatile boolean receiveFailing;

    SqsPoller(SqsMapping mapping, SqsClient sqs, EventTarget target, EventLog log) {
        this.mapping = mapping;
        this.sqs = sqs;
        this.target = target;
        this.log = log;
        this.initial = Math.min(INITIAL_POLLERS, mapping.pollerLimit());
    }

    /** What it has done so far. */
    record Stats(int pollers, int inFlight, int maxInFlight, long batches, long messagesDeleted, long failedBatches) {
    }

    /** Starts the first pollers. */
    synchronized void start() {
        running = true;
        for (int i = 0; i < initial; i++) {
            spawn();
        }
    }

    SqsMapping mapping() {
        return mapping;
    }

    Stats stats() {
        return new Stats(pollers.get(), inFlight.get(), maxInFlight.get(), batches.get(), deleted.get(),
                failedBatches.get());
    }

    /** Stops polling; a batch being invoked finishes, a long poll in progress is abandoned. */
    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private void spawn() {
        pollers.incrementAndGet();
        Thread thread = new Thread(this::poll, "sqs-" + mapping.functionId() + "-" + numbered.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void poll() {
        FifoReceiveWait fifo = mapping.queue().fifo() ? new FifoReceiveWait(this::queueEmpty) : null;
        try {
            while (running) {
                try {
                    if (!pollOnce(fifo)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    // A bug here must not silently end the mapping's polling: say so, and go on.
                    log.write("sqs", mapping.label() + ": poller error (" + e + "); polling again in a second");
                    pause(Duration.ofSeconds(1));
                }
            }
        } finally {
            threads.remove(Thread.currentThread());
            if (!running) {
                pollers.decrementAndGet();
            }
        }
    }

    /** One receive and, when it gave messages, one invocation; false when this poller leaves. */
    private boolean pollOnce(FifoReceiveWait fifo) {
        Batch batch;
        try {
            batch = collect(fifo);
        } catch (SdkException e) {
            if (running) {
                receiveFailed(e);
            }
            return true;
        }
        recovered();
        if (!running) {
            return false;
        }
        if (batch.messages().isEmpty()) {
            if (!batch.pause().isZero() && !pause(batch.pause())) {
                return false;
            }
            return !retire();
        }
        if (batch.messages().size() >= Math.min(mapping.batchSize(), 10)) {
            scaleUp();
        }
        boolean succeeded = process(batch);
        return succeeded || mapping.reportBatchItemFailures() || !retire();
    }

    /**
     * Messages received for one invocation, when the first of them was received (its visibility timer), and how
     * long to pause before the next receive when there were none.
     */
    private record Batch(List<Message> messages, long firstReceivedNanos, Duration pause) {

        Batch(List<Message> messages, long firstReceivedNanos) {
            this(messages, firstReceivedNanos, Duration.ZERO);
        }
    }

    /** A batch: one long poll, then (with a batching window) more receives until it is full or the window ends. */
    private Batch collect(FifoReceiveWait fifo) {
        List<Message> batch = new ArrayList<>();
        long bytes = 0;
        long windowEnd = 0;
        long firstReceived = 0;
        while (running && batch.size() < mapping.batchSize()) {
            int wait = batch.isEmpty() && fifo != null ? fifo.nextWaitSeconds() : LONG_POLL_SECONDS;
            if (!batch.isEmpty()) {
                wait = (int) Math.min(LONG_POLL_SECONDS, TimeUnit.NANOSECONDS.toSeconds(windowEnd - System.nanoTime()));
            }
            int max = Math.min(10, mapping.batchSize() - batch.size());
            int waitSeconds = Math.max(0, wait);
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(mapping.queue().url()).maxNumberOfMessages(max)
                    .waitTimeSeconds(waitSeconds).messageSystemAttributeNamesWithStrings("All")
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                Duration pause = fifo == null ? Duration.ZERO : fifo.received(waitSeconds, !got.isEmpty());
                if (got.isEmpty()) {
                    return new Batch(batch, 0, pause);
                }
                firstReceived = System.nanoTime();
                windowEnd = firstReceived + mapping.batchingWindow().toNanos();
            }
            for (Message message : got) {
                long size = SqsRecords.approximateBytes(message);
                if (!batch.isEmpty() && bytes + size > MAX_PAYLOAD_BYTES) {
                    // Lambda invokes with what fits in 6 MB; the rest goes back to the queue at once.
                    sqs.changeMessageVisibility(b -> b.queueUrl(mapping.queue().url())
                            .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
                    return new Batch(batch, firstReceived);
                }
                batch.add(message);
                bytes += size;
            }
            if (mapping.batchingWindow().isZero() || System.nanoTime() >= windowEnd || wait <= 0) {
                return new Batch(batch, firstReceived);
            }
        }
        return new Batch(batch, firstReceived);
    }

    /** Invokes the function with a batch and deletes what succeeded; false when the batch failed. */
    private boolean process(Batch received) {
        List<Message> batch = received.messages();
        batches.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        byte[] event = SqsRecords.event(batch, mapping.queue().arn(), !mapping.batchingWindow().isZero());
        InvokeResult result = invokeUntilNotThrottled(event, requestId,
                received.firstReceivedNanos() + mapping.queue().visibilityTimeout().toNanos(), batch.size());
        String batchLabel = "batch of " + batch.size() + " (request " + requestId + ")";
        if (result instanceof InvokeResult.Succeeded s) {
            return succeeded(batch, s.response(), batchLabel);
        }
        if (!running) {
            // The stack stopped under the invocation: its messages come back after their visibility timeout.
            return false;
        }
        if (result instanceof InvokeResult.Failed f) {
            return failed(batchLabel + " failed: " + f.describe());
        }
        if (result instanceof InvokeResult.Throttled t) {
            return failed(batchLabel + " was throttled until the visibility timeout ran out: " + t.message());
        }
        return false;
    }

    private InvokeResult invokeUntilNotThrottled(byte[] event, String requestId, long deadline, int size) {
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        boolean reported = false;
        while (true) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            InvokeResult result;
            try {
                result = target.invoke(mapping.functionId(), event, requestId);
            } finally {
                inFlight.decrementAndGet();
            }
            if (!(result instanceof InvokeResult.Throttled) || !running
                    || System.nanoTime() + backoff >= deadline) {
                return result;
            }
            if (!reported) {
                reported = true;
                log.write("sqs", mapping.label() + ": batch of " + size + " (request " + requestId
                        + ") throttled: " + ((InvokeResult.Throttled) result).message() + "; retrying until the "
                        + "visibility timeout runs out");
            }
            if (!pause(Duration.ofNanos(backoff))) {
                return new InvokeResult.Stopped("interrupted");
            }
            backoff = Math.min(backoff * 2, THROTTLE_BACKOFF_MAX.toNanos());
        }
    }

    private boolean succeeded(List<Message> batch, byte[] response, String batchLabel) {
        if (!mapping.reportBatchItemFailures()) {
            delete(batch);
            return true;
        }
        Set<String> ids = new LinkedHashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        BatchResponse.Verdict verdict = BatchResponse.read(response, ids);
        if (verdict instanceof BatchResponse.Invalid invalid) {
            return failed(batchLabel + " failed: invalid partial batch response (" + invalid.reason() + ")");
        }
        Set<String> failed = ((BatchResponse.Failures) verdict).messageIds();
        delete(batch.stream().filter(m -> !failed.contains(m.messageId())).toList());
        if (!failed.isEmpty()) {
            failedBatches.incrementAndGet();
            log.write("sqs", mapping.label() + ": " + failed.size() + " of the " + batchLabel + " reported failed "
                    + "(ReportBatchItemFailures): " + failed + "; " + comeBack());
        }
        return true;
    }

    private boolean failed(String what) {
        failedBatches.incrementAndGet();
        log.write("sqs", mapping.label() + ": " + what + "; " + comeBack());
        return false;
    }

    private String comeBack() {
        return "the queue delivers them again after their visibility timeout (" + mapping.queue().visibilityTimeout()
                .toSeconds() + " s unless the function changed it)" + mapping.queue().redrive().map(r -> ", or moves "
                + "them to " + r.deadLetterQueueId().orElse(r.deadLetterTargetArn()) + " after " + r.maxReceiveCount()
                + " receives").orElse("");
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(mapping.queue().url())
                        .entries(entries));
                deleted.addAndGet(response.successful().size());
                if (!response.failed().isEmpty()) {
                    log.write("sqs", mapping.label() + ": could not delete " + response.failed().size()
                            + " processed message(s) (" + response.failed().get(0).code() + ": "
                            + response.failed().get(0).message() + "): the queue will deliver them again");
                }
            } catch (SdkException e) {
                log.write("sqs", mapping.label() + ": could not delete " + chunk.size() + " processed message(s) ("
                        + e.getMessage() + "): the queue will deliver them again");
            }
        }
    }

    private void scaleUp() {
        long last = lastScaleUp.get();
        long now = System.nanoTime();
        if (now - last < SCALE_UP_INTERVAL_NANOS || !lastScaleUp.compareAndSet(last, now)) {
            return;
        }
        synchronized (this) {
            if (running && pollers.get() < mapping.pollerLimit()) {
                spawn();
            }
        }
    }

    /** Leaves when there are more pollers than the first ones. */
    private boolean retire() {
        int current = pollers.get();
        return current > initial && pollers.compareAndSet(current, current - 1);
    }

    private void receiveFailed(SdkException e) {
        if (!receiveFailing) {
            receiveFailing = true;
            log.write("sqs", mapping.label() + ": ReceiveMessage failed (" + e.getMessage() + "); polling again "
                    + "every second until the queue answers");
        }
        pause(Duration.ofSeconds(1));
    }

    /** Whether the queue holds no message at all (visible, in flight or delayed); false when it cannot tell. */
    private boolean queueEmpty() {
        try {
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(mapping.queue().url())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            return counts.size() == 3 && counts.values().stream().allMatch("0"::equals);
        } catch (SdkException e) {
            return false;
        }
    }

    /** Waits; false when interrupted (the mapping is stopping). */
    private static boolean pause(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void recovered() {
        if (receiveFailing) {
            receiveFailing = false;
            log.write("sqs", mapping.label() + ": the queue answers again; polling");
        }
    }
}
