package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one function, bounded as Lambda's concurrency bounds them. An invocation takes an idle instance
 * (the most recently used, the warmest) or, when every instance is busy, starts a new one; an instance serves one
 * invocation at a time; and no more than {@code limit} invocations (an instance's init included) run at once:
 * one more is refused at once with a {@link FunctionThrottledException}, as Lambda refuses it. Every failure is
 * written to the {@link InvocationLog}.
 *
 * <p>Lambda gives each new instance a CPU of its own; here every instance of every function shares this machine's
 * cores, so a burst that started 16 cold instances at once would divide two cores sixteen ways and run each init
 * past Lambda's 10 s limit (issue 12: a burst of 100 creates on a fresh {@code ./dev}). So at most as many inits as
 * the machine has cores run at once in this JVM ({@link #INITS_AT_ONCE}, shared by every pool); an invocation that
 * finds no idle instance and no free init waits for whichever comes first, and its init's own time is still held
 * to the limit.
 */
final class FunctionPool implements AutoCloseable {

    /** Inits that may run at once in this JVM, whatever the function: one per core, at least two. */
    static final int INITS_AT_ONCE = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final Semaphore INITS = new Semaphore(INITS_AT_ONCE);
    private static final long INIT_WAIT_MILLIS = 20;

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
        while (true) {
            FunctionSandbox.Instance instance = idleInstance();
            if (instance != null) {
                return instance;
            }
            if (awaitInit()) {
                try {
                    instance = idleInstance();
                    return instance != null ? instance : startInstance(requestId);
                } finally {
                    INITS.release();
                }
            }
            if (closed) {
                throw new IllegalStateException("The local runner is stopping");
            }
        }
    }

    private FunctionSandbox.Instance idleInstance() {
        FunctionSandbox.Instance instance;
        while ((instance = idle.pollFirst()) != null) {
            if (instance.alive()) {
                return instance;
            }
            all.remove(instance);
        }
        return null;
    }

    /** Takes a free init, or gives up after a moment so that an instance released meanwhile is used instead. */
    private static boolean awaitInit() {
        try {
            return INITS.tryAcquire(INIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to start an instance", e);
        }
    }

    private FunctionSandbox.Instance startInstance(String requestId) {
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
