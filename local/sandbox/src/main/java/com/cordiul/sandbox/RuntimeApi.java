package com.cordiul.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback implementation of the Lambda Runtime API (version 2018-06-01) for one execution environment: the
 * runtime long-polls {@code invocation/next}, answers on {@code invocation/{id}/response} or {@code /error}, and
 * reports a failed init on {@code init/error}. The bench queues events with {@link #submit} and reads timings from
 * the {@link Invocation}s.
 *
 * <p>SnapStart's lifecycle too: a runtime started with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} runs its
 * {@code beforeCheckpoint} hooks after init, then blocks on {@code GET restore/next} until the platform has restored
 * the snapshot ({@link #restoreRequested}, {@link #releaseRestore}), runs its {@code afterRestore} hooks, and reports
 * a failing one on {@code restore/error} ({@link #restoreError}).
 */
public final class RuntimeApi implements AutoCloseable {

    /** {@code -Dcordiul.sandbox.trace=none|unsampled|sampled}: the trace header each invocation gets. */
    static final String TRACE_MODE = System.getProperty("cordiul.sandbox.trace", "unsampled");

    private static final String PREFIX = "/2018-06-01/runtime/";

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body then waits for the
        // client's delayed ACK (about 40 ms per exchange). Lambda's Runtime API answers without such delays.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final String functionArn;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong firstPoll = new AtomicLong();
    private final AtomicInteger polls = new AtomicInteger();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreRequested = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreReleased = new CompletableFuture<>();
    private final CompletableFuture<String> restoreError = new CompletableFuture<>();
    private volatile boolean closed;

    private RuntimeApi(HttpServer server, ExecutorService threads, String functionName, Duration timeout) {
        this.server = server;
        this.threads = threads;
        this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        this.timeout = timeout;
    }

    /** Starts a Runtime API on a free loopback port for a function with that name and timeout. */
    public static RuntimeApi start(String functionName, Duration timeout) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "runtime-api-" + functionName);
                t.setDaemon(true);
                return t;
            });
            RuntimeApi api = new RuntimeApi(server, threads, functionName, timeout);
            server.createContext(PREFIX, api::handle);
            server.setExecutor(threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event; the future completes when the runtime answers it (or fails on an init error). */
    public CompletableFuture<Invocation> submit(String eventJson) {
        return submit(UUID.randomUUID().toString(), eventJson);
    }

    /** Queues one event under the platform's request id for it. */
    public CompletableFuture<Invocation> submit(String requestId, String eventJson) {
        Pending pending = new Pending(requestId, eventJson, System.nanoTime());
        initError.thenAccept(body -> pending.result.completeExceptionally(new InitErrorException(body)));
        restoreError.thenAccept(body -> pending.result.completeExceptionally(new RestoreErrorException(body)));
        queue.add(pending);
        return pending.result;
    }

    /** Queues one event and waits for its answer. */
    public Invocation invoke(String eventJson, Duration wait) throws TimeoutException {
        CompletableFuture<Invocation> future = submit(eventJson);
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the function", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits until the runtime has asked for its {@code count}-th event: after answering invocation {@code count - 1}
     * it has finished that invocation (and loaded what finishing it takes). Returns whether it did in time.
     */
    public boolean awaitPolls(int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (polls) {
            while (polls.get() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                polls.wait(left);
            }
        }
        return true;
    }

    /** When the runtime first asked for an event (end of its init), if it has. */
    public Optional<Long> firstPollNanos() {
        long value = firstPoll.get();
        return value == 0 ? Optional.empty() : Optional.of(value);
    }

    /** The init error the runtime reported, if any. */
    public Optional<String> initError() {
        return Optional.ofNullable(initError.getNow(null));
    }

    /**
     * Completes with the {@link System#nanoTime()} at which the runtime called {@code restore/next}: its init and its
     * {@code beforeCheckpoint} hooks are done, the point where Lambda takes the snapshot. Fails on an init error.
     */
    public CompletableFuture<Long> restoreRequested() {
        initError.thenAccept(body -> restoreRequested.completeExceptionally(new InitErrorException(body)));
        return restoreRequested;
    }

    /**
     * Lets {@code restore/next} answer 200, now or as soon as the runtime calls it: the snapshot counts as restored.
     * Returns the {@link System#nanoTime()} of the release (the first release, if called twice).
     */
    public long releaseRestore() {
        restoreReleased.complete(System.nanoTime());
        return restoreReleased.join();
    }

    /** The restore error the runtime reported (an {@code afterRestore} hook failed), if any. */
    public Optional<String> restoreError() {
        return Optional.ofNullable(restoreError.getNow(null));
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "invocation/next".equals(path)) {
                next(exchange);
            } else if ("GET".equals(method) && "restore/next".equals(path)) {
                restoreNext(exchange);
            } else if ("POST".equals(method) && "restore/error".equals(path)) {
                restoreError.complete(read(exchange));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("POST".equals(method) && "init/error".equals(path)) {
                initError.complete(read(exchange));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("POST".equals(method) && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                complete(exchange, path);
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"Unknown runtime API path\",\"errorType\":\"NotFound\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.compareAndSet(0, System.nanoTime());
        synchronized (polls) {
            polls.incrementAndGet();
            polls.notifyAll();
        }
        Pending pending = null;
        while (pending == null && !closed) {
            try {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (pending == null) {
            reply(exchange, 500, "{\"errorMessage\":\"Runtime API shutting down\",\"errorType\":\"Shutdown\"}");
            return;
        }
        pending.deliveredNanos = System.nanoTime();
        pending.deliveredEpochNanos = epochNanos();
        inFlight.put(pending.requestId, pending);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeout.toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        String trace = traceId(TRACE_MODE);
        if (trace != null) {
            headers.set("Lambda-Runtime-Trace-Id", trace);
        }
        reply(exchange, 200, pending.event);
    }

    /** Blocks, like Lambda's restore/next, until the bench releases the restore (or the API closes). */
    private void restoreNext(HttpExchange exchange) throws IOException {
        restoreRequested.complete(System.nanoTime());
        boolean released = false;
        while (!released && !closed) {
            try {
                restoreReleased.get(200, TimeUnit.MILLISECONDS);
                released = true;
            } catch (TimeoutException ignored) {
                // still frozen: wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (released) {
            reply(exchange, 200, "");
        } else {
            reply(exchange, 500, "{\"errorMessage\":\"Runtime API shutting down\",\"errorType\":\"Shutdown\"}");
        }
    }

    private void complete(HttpExchange exchange, String path) throws IOException {
        String body = read(exchange);
        long completed = System.nanoTime();
        long completedEpoch = epochNanos();
        boolean error = path.endsWith("/error");
        String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
        Pending pending = inFlight.remove(id);
        if (pending == null) {
            reply(exchange, 400, "{\"errorMessage\":\"Unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        String errorType = error ? Optional.ofNullable(
                exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")).orElse("") : "";
        reply(exchange, 202, "{\"status\":\"OK\"}");
        pending.result.complete(new Invocation(id, error, errorType, body, pending.submittedNanos,
                pending.deliveredNanos, completed, pending.deliveredEpochNanos, completedEpoch));
    }

    /**
     * The wall clock in nanoseconds since the epoch ({@link Instant#now()}, CLOCK_REALTIME on Linux): the clock the
     * bench's timing interceptor reads in the function's JVM, so that both processes' readings compare.
     */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * The trace header of one invocation, as Lambda sends it: {@code unsampled} (tracing PassThrough or off: a
     * header that says Sampled=0, the default), {@code sampled} (active tracing that picked this request), or
     * {@code none} (no header at all, which Lambda never does: the floor the bench compares with).
     */
    static String traceId(String mode) {
        if ("none".equals(mode)) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%024x;Parent=%016x;Sampled=%s", System.currentTimeMillis() / 1000,
                random.nextLong() & Long.MAX_VALUE, random.nextLong(), "sampled".equals(mode) ? "1" : "0");
    }

    private static String read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static final class Pending {
        final String requestId;
        final String event;
        final long submittedNanos;
        volatile long deliveredNanos;
        volatile long deliveredEpochNanos;
        final CompletableFuture<Invocation> result = new CompletableFuture<>();

        Pending(String requestId, String event, long submittedNanos) {
            this.requestId = requestId;
            this.event = event;
            this.submittedNanos = submittedNanos;
        }
    }
}
