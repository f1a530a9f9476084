package com.cordiul.local.cloudformation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local stand-in for the pre-signed S3 URLs CloudFormation puts in its custom-resource requests: an HTTP
 * server on 127.0.0.1 that takes a {@code PUT} of the answer to each URL it issued, whatever the request's
 * {@code Content-Type} (empty, as the protocol asks, or any other: only the URL's signature counts), and answers
 * {@code 200} with an {@code ETag}, as S3 does. A URL it did not issue, or issued with another signature, and any
 * method but {@code PUT} are answered {@code 403 SignatureDoesNotMatch}. The first answer put to a URL is the one
 * CloudFormation reads; a later one overwrites nothing here.
 */
final class ResponseUrls implements AutoCloseable {

    /** CloudFormation refuses an answer over 4096 bytes; a larger body is still read, then judged invalid. */
    static final int MAX_READ = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    /** One issued URL and the answer put to it. */
    record Issued(URI url, String signature, CompletableFuture<byte[]> answer) {
    }

    private ResponseUrls(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free port of 127.0.0.1. */
    static ResponseUrls start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("The local ResponseURL server could not listen", e);
        }
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloudformation-response-url");
            t.setDaemon(true);
            return t;
        });
        ResponseUrls urls = new ResponseUrls(server, executor);
        server.setExecutor(executor);
        server.createContext("/", urls::serve);
        server.start();
        return urls;
    }

    /**
     * A URL for the answer to one request, shaped like CloudFormation's ({@code <bucket path>/<stack id>|<logical
     * id>|<request id>?X-Amz-...&X-Amz-Signature=...}); its signature is random, so only the request's holder can
     * answer.
     */
    Issued issue(String stackId, String logicalId, String requestId) {
        String key = URLEncoder.encode(stackId + "|" + logicalId + "|" + requestId, StandardCharsets.UTF_8);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String signature = HexFormat.of().formatHex(secret);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/cloudformation-custom-resource-response-local/" + key
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Signature="
                + signature);
        Issued pending = new Issued(url, signature, new CompletableFuture<>());
        issued.put(url.getRawPath(), pending);
        return pending;
    }

    /** Forgets an issued URL: a late answer to it is refused. */
    void retire(Issued url) {
        issued.remove(url.url().getRawPath(), url);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        issued.values().forEach(i -> i.answer().cancel(false));
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_READ);
            Issued target = issued.get(exchange.getRequestURI().getRawPath());
            String query = exchange.getRequestURI().getRawQuery();
            if (!"PUT".equals(exchange.getRequestMethod()) || target == null || query == null
                    || !query.endsWith("X-Amz-Signature=" + target.signature())) {
                refuse(exchange);
                return;
            }
            target.answer().complete(body);
            exchange.getResponseHeaders().set("ETag", "\"" + md5(body) + "\"");
            exchange.sendResponseHeaders(200, -1);
        } catch (IOException e) {
            // The provider went away mid-answer: nothing was received, and it will be told so by its client.
        }
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
                + "<Message>The request signature we calculated does not match the signature you provided."
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(403, error.length);
        exchange.getResponseBody().write(error);
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has MD5", e);
        }
    }
}
