package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One in-process execution environment of a function: its own {@link FunctionClassLoader} (its artifacts and its
 * environment), the handler built once in it, and one thread that runs one invocation at a time, as a Lambda
 * sandbox does. An instance whose invocation timed out, or whose init failed, is dead and is never reused.
 */
final class InProcessInstance implements FunctionSandbox.Instance {

    private final LambdaFunction function;
    private final FunctionClassLoader loader;
    private final ExecutorService thread;
    private final String logStream;
    private Object handler;
    private HandlerInvoker invoker;
    private volatile boolean dead;

    private InProcessInstance(LambdaFunction function, int number, List<URL> classPath,
                              Map<String, String> environment) {
        this.function = function;
        this.loader = new FunctionClassLoader(function.logicalId() + "#" + number, classPath, environment);
        this.logStream = LocalDate.now() + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", "");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lambda-" + function.logicalId() + "-" + number);
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
    }

    /** Starts an instance: loads and constructs the handler (Lambda's init phase), within {@code initTimeout}. */
    static InProcessInstance start(LambdaFunction function, int number, List<URL> classPath,
                                   Map<String, String> environment, Duration initTimeout) {
        InProcessInstance instance = new InProcessInstance(function, number, classPath, environment);
        Future<?> init = instance.thread.submit(() -> {
            instance.init();
            return null;
        });
        try {
            init.get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return instance;
        } catch (TimeoutException e) {
            instance.close();
            throw new LambdaInvocationException(function.logicalId(), "Runtime.InitTimeout",
                    "Init did not finish within " + initTimeout.toSeconds() + " s", true, null);
        } catch (ExecutionException e) {
            instance.close();
            Throwable cause = e.getCause();
            throw new LambdaInvocationException(function.logicalId(), cause.getClass().getName(),
                    "Init failed: " + cause.getMessage(), false, cause);
        } catch (InterruptedException e) {
            instance.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + function.logicalId(), e);
        }
    }

    private void init() throws Exception {
        Class<?> type = Class.forName(function.handlerClass(), true, loader);
        handler = type.getDeclaredConstructor().newInstance();
        invoker = HandlerInvoker.forMethod(type, function.handlerMethod(), loader);
    }

    @Override
    public byte[] invoke(byte[] event, String requestId) {
        long deadline = System.nanoTime() + function.timeout().toNanos();
        Future<byte[]> run = thread.submit(() -> invoker.invoke(handler,
                event, LambdaContexts.create(loader, function, requestId, logStream, deadline)));
        try {
            return run.get(function.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Lambda stops the sandbox; here the thread is interrupted and the instance retired.
            run.cancel(true);
            close();
            throw new LambdaInvocationException(function.logicalId(), "Sandbox.Timedout", "Task timed out after "
                    + function.timeout().toSeconds() + " seconds", true, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error && !(cause instanceof StackOverflowError)) {
                // The runtime exits on an Error: this sandbox is gone.
                close();
            }
            throw new LambdaInvocationException(function.logicalId(), cause.getClass().getName(),
                    cause.getMessage(), false, cause);
        } catch (InterruptedException e) {
            run.cancel(true);
            close();
            Thread.currentThread().interrupt();
            throw new LambdaInvocationException(function.logicalId(), "Runtime.Interrupted",
                    "The runner is stopping", false, e);
        }
    }

    @Override
    public boolean alive() {
        return !dead;
    }

    @Override
    public void close() {
        dead = true;
        thread.shutdownNow();
        try {
            loader.close();
        } catch (IOException e) {
            // Closing only releases open jar files; nothing to recover.
        }
    }
}
