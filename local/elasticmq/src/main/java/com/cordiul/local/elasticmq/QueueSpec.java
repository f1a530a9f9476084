package com.cordiul.local.elasticmq;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One queue as the template declares it ({@code AWS::SQS::Queue}), in plain terms: what ElasticMQ is started with.
 * Defaults are SQS's: 30 s visibility timeout, no delay, 4 days' retention, no dead-letter queue.
 *
 * @param name                       the queue name (a FIFO queue's ends with {@code .fifo})
 * @param fifo                       a FIFO queue
 * @param contentBasedDeduplication  FIFO only: deduplicate by the body's hash when no deduplication id is given
 * @param visibilityTimeout          how long a received message stays hidden (0 to 12 hours)
 * @param delay                      how long a new message stays invisible (0 to 15 minutes)
 * @param retention                  how long a message is kept (1 minute to 14 days). ElasticMQ 1.6.14 accepts and
 *                                   ignores it: its messages never expire
 * @param deadLetterQueue            the queue a message moves to after {@code maxReceiveCount} receives, or null
 * @param maxReceiveCount            receives before the move (1 to 1000); 0 without a dead-letter queue
 * @param receiveWait                how long a ReceiveMessage that names no wait time waits for a message (0 to
 *                                   20 s: the queue's {@code ReceiveMessageWaitTimeSeconds})
 */
public record QueueSpec(String name, boolean fifo, boolean contentBasedDeduplication, Duration visibilityTimeout,
                        Duration delay, Duration retention, String deadLetterQueue, int maxReceiveCount,
                        Duration receiveWait) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}(\\.fifo)?|[A-Za-z0-9_-]{76,80}");
    private static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(4);

    public QueueSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(receiveWait, "receiveWait");
        if (!NAME.matcher(name).matches() || fifo != name.endsWith(".fifo")) {
            throw new IllegalArgumentException("Not an SQS queue name" + (fifo ? " for a FIFO queue (it ends with"
                    + " .fifo)" : "") + ": " + name);
        }
        if (contentBasedDeduplication && !fifo) {
            throw new IllegalArgumentException(name + ": content-based deduplication is for FIFO queues");
        }
        within(name, "visibility timeout", visibilityTimeout, Duration.ZERO, Duration.ofHours(12));
        within(name, "delay", delay, Duration.ZERO, Duration.ofMinutes(15));
        within(name, "retention", retention, Duration.ofMinutes(1), Duration.ofDays(14));
        within(name, "receive wait", receiveWait, Duration.ZERO, Duration.ofSeconds(20));
        if (deadLetterQueue == null ? maxReceiveCount != 0 : maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException(name + ": maxReceiveCount is 1 to 1000 with a dead-letter queue, "
                    + "0 without");
        }
        if (name.equals(deadLetterQueue)) {
            throw new IllegalArgumentException(name + " cannot be its own dead-letter queue");
        }
    }

    /** A standard queue with SQS's defaults. */
    public static QueueSpec standard(String name) {
        return new QueueSpec(name, false, false, DEFAULT_VISIBILITY, Duration.ZERO, DEFAULT_RETENTION, null, 0,
                Duration.ZERO);
    }

    /** A FIFO queue with SQS's defaults (the name ends with {@code .fifo}). */
    public static QueueSpec fifo(String name) {
        return new QueueSpec(name, true, false, DEFAULT_VISIBILITY, Duration.ZERO, DEFAULT_RETENTION, null, 0,
                Duration.ZERO);
    }

    /** With content-based deduplication (FIFO). */
    public QueueSpec withContentBasedDeduplication() {
        return new QueueSpec(name, fifo, true, visibilityTimeout, delay, retention, deadLetterQueue, maxReceiveCount,
                receiveWait);
    }

    /** With this visibility timeout (whole seconds on the wire). */
    public QueueSpec withVisibilityTimeout(Duration value) {
        return new QueueSpec(name, fifo, contentBasedDeduplication, value, delay, retention, deadLetterQueue,
                maxReceiveCount, receiveWait);
    }

    /** With this delivery delay (whole seconds on the wire). */
    public QueueSpec withDelay(Duration value) {
        return new QueueSpec(name, fifo, contentBasedDeduplication, visibilityTimeout, value, retention,
                deadLetterQueue, maxReceiveCount, receiveWait);
    }

    /** With this retention period (recorded; ElasticMQ does not expire messages). */
    public QueueSpec withRetention(Duration value) {
        return new QueueSpec(name, fifo, contentBasedDeduplication, visibilityTimeout, delay, value, deadLetterQueue,
                maxReceiveCount, receiveWait);
    }

    /** With a redrive policy: after {@code maxReceives} receives a message moves to {@code queue}. */
    public QueueSpec withDeadLetterQueue(String queue, int maxReceives) {
        return new QueueSpec(name, fifo, contentBasedDeduplication, visibilityTimeout, delay, retention,
                Objects.requireNonNull(queue, "queue"), maxReceives, receiveWait);
    }

    /** With this default long-poll wait of ReceiveMessage (whole seconds on the wire). */
    public QueueSpec withReceiveWait(Duration value) {
        return new QueueSpec(name, fifo, contentBasedDeduplication, visibilityTimeout, delay, retention,
                deadLetterQueue, maxReceiveCount, value);
    }

    private static void within(String queue, String what, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0 || value.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException(queue + ": the " + what + " is whole seconds from " + min.toSeconds()
                    + " s to " + max.toSeconds() + " s, not " + value);
        }
    }
}
