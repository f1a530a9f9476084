package com.cordiul.local.runner.events;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How long one poller of a FIFO queue lets a receive wait. ElasticMQ 1.6.14 busy-loops while a long poll waits on
 * a FIFO queue that holds a message it cannot hand out, one behind its group's head in flight: every pass finds
 * nothing and schedules the next at once, which took 1.35 cores on this machine and half of the e2e module's CPU.
 * SQS has no such cost, so this is the local stack's workaround, not Lambda's behaviour: a poller long-polls only a
 * queue it saw empty (nothing to block, so the first message that arrives is handed out at once); otherwise it
 * receives without waiting and pauses after finding nothing, which delays a message by at most the pause. The
 * queue's counts are asked for after a long poll that found nothing and after a few empty receives in a row.
 * Each poller has its own; not thread-safe.
 */
final class FifoReceiveWait {

    /** The long poll on a queue seen empty; short, because a burst that arrives during it can block messages. */
    static final int EMPTY_QUEUE_WAIT_SECONDS = 5;
    /** After a receive without waiting found nothing. */
    static final Duration PAUSE = Duration.ofMillis(500);
    /** Empty receives in a row before the queue's counts are asked for again. */
    static final int CHECK_AFTER_EMPTY_RECEIVES = 4;

    private final BooleanSupplier queueEmpty;
    private boolean checkDue = true;
    private boolean longPoll;
    private int emptyReceives;

    /** {@code queueEmpty} asks the queue whether it holds no message at all, visible, in flight or delayed. */
    FifoReceiveWait(BooleanSupplier queueEmpty) {
        this.queueEmpty = queueEmpty;
    }

    /** The wait of the next receive that starts a batch, in seconds. */
    int nextWaitSeconds() {
        if (checkDue) {
            checkDue = false;
            longPoll = queueEmpty.getAsBoolean();
        }
        return longPoll ? EMPTY_QUEUE_WAIT_SECONDS : 0;
    }

    /**
     * What that receive gave, {@code waitedSeconds} being the wait it was sent with; returns how long to pause
     * before the next one.
     */
    Duration received(int waitedSeconds, boolean gotMessages) {
        if (gotMessages) {
            // A message in flight can block the rest of its group: receive without waiting from now on.
            longPoll = false;
            emptyReceives = 0;
            return Duration.ZERO;
        }
        if (waitedSeconds > 0) {
            checkDue = true;
            return Duration.ZERO;
        }
        if (++emptyReceives >= CHECK_AFTER_EMPTY_RECEIVES) {
            emptyReceives = 0;
            checkDue = true;
        }
        return PAUSE;
    }
}
