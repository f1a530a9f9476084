package com.cordiul.local.runner;

import java.net.URL;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The instances of one function. Like Lambda, an invocation takes an idle instance (the most recently used, which
 * is the warmest) or, when every instance is busy, starts a new one; an instance serves one invocation at a time.
 */
final class FunctionPool implements AutoCloseable {

    private final FunctionSpec function;
    private final Supplier<List<URL>> classPath;
    private final Map<String, String> environment;
    private final Duration initTimeout;
    private final Deque<FunctionInstance> idle = new ConcurrentLinkedDeque<>();
    private final Set<FunctionInstance> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean closed;

    FunctionPool(FunctionSpec function, Supplier<List<URL>> classPath, Map<String, String> environment,
                 Duration initTimeout) {
        this.function = function;
        this.classPath = classPath;
        this.environment = Map.copyOf(environment);
        this.initTimeout = initTimeout;
    }

    /** Invokes the function once; a function error comes back as a {@link LambdaInvocationException}. */
    byte[] invoke(byte[] event, String requestId) {
        FunctionInstance instance = acquire();
        try {
            return instance.invoke(event, requestId);
        } finally {
            release(instance);
        }
    }

    /** The environment its instances get. */
    Map<String, String> environment() {
        return environment;
    }

    /** How many instances were started so far. */
    int instancesStarted() {
        return started.get();
    }

    private FunctionInstance acquire() {
        if (closed) {
            throw new IllegalStateException("The local runner is stopping");
        }
        FunctionInstance instance;
        while ((instance = idle.pollFirst()) != null) {
            if (instance.alive()) {
                return instance;
            }
        }
        FunctionInstance fresh = FunctionInstance.start(function, started.incrementAndGet(), classPath.get(),
                environment, initTimeout);
        all.add(fresh);
        return fresh;
    }

    private void release(FunctionInstance instance) {
        if (!instance.alive()) {
            all.remove(instance);
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
        all.forEach(FunctionInstance::close);
        idle.clear();
    }
}
