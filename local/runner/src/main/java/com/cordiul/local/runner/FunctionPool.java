package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one function, bounded as Lambda's concurrency bounds them. An invocation takes an idle instance
 * (the most recently used, the warmest) or, when every instance is busy, starts a new one; an instance serves one
 * invocation at a time; and no more than {@code limit} invocations (an instance's init included) run at once:
 * one more is refused at once with a {@link FunctionThrottledException}, as Lambda refuses it. Every failure is
 * written to the {@link InvocationLog}.
 */
final class FunctionPool implements AutoCloseable {

    private final LambdaFunction function;
    private final FunctionSandbox sandbox;
    private final Map<String, String> environment;
    private final int limit;
    private final Semaphore concurrency;
    private final InvocationLog log;
    private final Deque<FunctionSandbox.Instance> idle = new ConcurrentLinkedDeque<>();
    private final Set<FunctionSandbox.Instance> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean closed;

    FunctionPool(LambdaFunction function, FunctionSandbox sandbox, Map<String, String> environment, int limit,
                 InvocationLog log) {
        this.function = function;
        this.sandbox = sandbox;
        this.environment = Map.copyOf(environment);
        this.limit = limit;
        this.concurrency = new Semaphore(limit);
        this.log = log;
    }

    /**
     * Invokes the function once with any event JSON.
     *
     * @throws LambdaInvocationException  a function error, a timeout or a failed init
     * @throws FunctionThrottledException the function runs {@code limit} invocations already
     */
    byte[] invoke(byte[] event, String requestId) {
        if (closed) {
            throw new IllegalStateException("The local runner is stopping");
        }
        if (!concurrency.tryAcquire()) {
            FunctionThrottledException throttled = new FunctionThrottledException(function.logicalId(), limit);
            log.throttled(function.logicalId(), requestId, throttled);
            throw throttled;
        }
        try {
            FunctionSandbox.Instance instance = acquire(requestId);
            try {
                return instance.invoke(event, requestId);
            } catch (LambdaInvocationException e) {
                log.failed(function.logicalId(), requestId, e, false);
                throw e;
            } finally {
                release(instance);
            }
        } finally {
            concurrency.release();
        }
    }

    /** Its concurrency limit. */
    int limit() {
        return limit;
    }

    /** How many instances were started so far. */
    int instancesStarted() {
        return started.get();
    }

    private FunctionSandbox.Instance acquire(String requestId) {
        FunctionSandbox.Instance instance;
        while ((instance = idle.pollFirst()) != null) {
            if (instance.alive()) {
                return instance;
            }
            all.remove(instance);
        }
        try {
            FunctionSandbox.Instance fresh = sandbox.start(function, environment, started.incrementAndGet());
            all.add(fresh);
            return fresh;
        } catch (LambdaInvocationException e) {
            log.failed(function.logicalId(), requestId, e, true);
            throw e;
        }
    }

    private void release(FunctionSandbox.Instance instance) {
        if (!instance.alive()) {
            all.remove(instance);
            instance.close();
        } else if (closed) {
            instance.close();
        } else {
            idle.addFirst(instance);
        }
    }

    /** Retires every instance. */
    @Override
    public void close() {
        closed = true;
        all.forEach(FunctionSandbox.Instance::close);
        idle.clear();
    }
}
