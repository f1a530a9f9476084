package com.cordiul.queue;

import com.cordiul.logging.InvocationFields;
import com.cordiul.logging.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Handles the messages of one batch at the same time, each on a thread of a pool built once per function instance,
 * so that one slow message (a webhook endpoint that takes its whole timeout) does not hold up the others. A message
 * whose handling throws is reported as failed (it comes back); the others are deleted. An {@link Error} (a crash)
 * fails the invocation, so the whole batch comes back, as it would had the function died.
 */
public final class BatchProcessor {

    private final ExecutorService pool;

    public BatchProcessor(ExecutorService pool) {
        this.pool = pool;
    }

    /** A processor with {@code threads} daemon threads. */
    public static BatchProcessor withThreads(int threads) {
        return new BatchProcessor(Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "batch-message");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Handles every message; returns the ids of those that failed, in batch order. Each message's log lines carry
     * the invocation's fields, as if written on the invoking thread.
     */
    public List<String> process(List<QueueMessage> messages, Consumer<QueueMessage> handler) {
        InvocationFields invocation = Log.invocation();
        List<Future<?>> running = new ArrayList<>();
        for (QueueMessage message : messages) {
            running.add(pool.submit(() -> {
                if (invocation != null) {
                    Log.beginInvocation(invocation);
                }
                try {
                    handler.accept(message);
                } finally {
                    Log.endInvocation();
                }
            }));
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                running.get(i).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                Log.error("queue message failed; it comes back after its visibility timeout", e.getCause(),
                        "message_id", messages.get(i).messageId());
                failed.add(messages.get(i).messageId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(messages.get(i).messageId());
            }
        }
        return failed;
    }
}
