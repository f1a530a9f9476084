package com.cordiul.priming;

import com.cordiul.dialqueue.DialQueue;

/**
 * SnapStart priming of the SQS request path: before the snapshot, one GetQueueAttributes of the dial queue, so that
 * the SQS client's protocol, signing and HTTP classes are loaded and initialised in the snapshot. Never a message:
 * only a read of the queue's settings.
 */
public final class QueuePrimer extends SnapshotPrimer {

    private final DialQueue queue;

    /** The primer of the queue calls are sent to. */
    public QueuePrimer(DialQueue queue) {
        super("sqs");
        this.queue = queue;
    }

    @Override
    protected void run() {
        queue.readAttributes();
    }
}
