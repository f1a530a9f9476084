package com.cordiul.testing;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A customer's webhook receiver on loopback, for tests: keeps every request it gets (headers, body, arrival) and
 * answers as the test scripts it (a status, or hanging until released, or dropping the connection). Each request is
 * verified as a customer would verify it, with the Standard Webhooks specification's own library
 * ({@code com.standardwebhooks:standardwebhooks}), against whichever secrets the test asks about.
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One request as received.
     *
     * @param path    the request target
     * @param headers every header, names lower-cased
     * @param body    the body as UTF-8
     * @param at      when it arrived
     * @param index   its place among the requests this receiver got (0 for the first)
     */
    public record Received(String path, Map<String, List<String>> headers, String body, Instant at, int index) {

        /** A header's first value, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Whether the Standard Webhooks library accepts the request's signature for this secret. */
        public boolean verifiesWith(String secret) {
            try {
                new Webhook(secret).verify(body, headers);
                return true;
            } catch (WebhookVerificationException e) {
                return false;
            }
        }

        /**
         * Whether the signature is the library's signature of this request for the secret, at the request's own
         * {@code webhook-timestamp} however far from now (for a test that moved its clock past the library's
         * five-minute tolerance).
         */
        public boolean signedWith(String secret) {
            try {
                String expected = new Webhook(secret).sign(header("webhook-id"),
                        Long.parseLong(header("webhook-timestamp")), body);
                return java.util.Arrays.asList(header("webhook-signature").split(" ")).contains(expected);
            } catch (com.standardwebhooks.exceptions.WebhookSigningException | RuntimeException e) {
                return false;
            }
        }

        /** Never prints the body. */
        @Override
        public String toString() {
            return "Received[" + index + " " + header("webhook-id") + "]";
        }
    }

    /** How the receiver answers one request. */
    @FunctionalInterface
    public interface Responder {
        /** The answer: an HTTP status, {@link #HANG} or {@link #DROP}. */
        int answer(Received request);
    }

    /** Hold the request unanswered until {@link #release} (or close). */
    public static final int HANG = -1;
    /** Close the connection without answering. */
    public static final int DROP = -2;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger hanging = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Responder responder = request -> 200;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A plain HTTP receiver on a free loopback port, answering 200 until told otherwise. */
    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS receiver with the given TLS context (its certificate names the host the test connects as). */
    public static WebhookReceiver startTls(SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new WebhookReceiver(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers from now on as the responder says. */
    public WebhookReceiver answering(Responder responder) {
        this.responder = responder;
        return this;
    }

    /** Its port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Every request so far, in arrival order. */
    public List<Received> received() {
        List<Received> sorted = new ArrayList<>(received);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return sorted;
    }

    /** Requests currently held by {@link #HANG}. */
    public int hanging() {
        return hanging.get();
    }

    /** Lets every held request go (answered 200) and every later {@link #HANG} answer 200 at once. */
    public void release() {
        released.countDown();
    }

    /** Waits until the requests matching the filter number at least {@code n}; false at the deadline. */
    public boolean await(Predicate<Received> filter, int n, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (received.stream().filter(filter).count() >= n) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return received.stream().filter(filter).count() >= n;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestURI().toString(), headers, body, Instant.now(),
                count.getAndIncrement());
        received.add(request);
        int answer = responder.answer(request);
        if (answer == HANG) {
            hanging.incrementAndGet();
            try {
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hanging.decrementAndGet();
            }
            answer = 200;
        }
        if (answer == DROP) {
            exchange.close();
            return;
        }
        try {
            exchange.sendResponseHeaders(answer, -1);
        } finally {
            exchange.close();
        }
    }
}
