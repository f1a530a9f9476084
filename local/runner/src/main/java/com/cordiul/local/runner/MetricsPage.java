package com.cordiul.local.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /_local/metrics}: the local stack's {@link MetricsBoard} as plain text. Not part of the API. */
final class MetricsPage implements HttpHandler {

    /** Where the page is served. */
    static final String PATH = "/_local/metrics";

    private final MetricsBoard board;

    MetricsPage(MetricsBoard board) {
        this.board = board;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
            byte[] body = (get ? board.page() : "Only GET is served here.\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!get) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(get ? 200 : 405, head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        }
    }
}
