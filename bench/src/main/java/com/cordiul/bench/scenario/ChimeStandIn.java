package com.cordiul.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one Chime SDK Voice operation the functions use, on its REST-JSON wire, answering at once: {@code POST
 * /sip-media-applications/{id}/calls} returns 201 with a transaction id. It records each dial, whose arguments the
 * call-status scenario sends back as SIP media application events.
 */
public final class ChimeStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body then waits for the
        // client's delayed ACK (about 40 ms per exchange). Lambda's Runtime API answers without such delays.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * A dial the stand-in accepted.
     *
     * @param transactionId the id returned
     * @param from the caller number
     * @param to the destination
     * @param arguments the ArgumentsMap
     */
    public record Dial(String transactionId, String from, String to, Map<String, String> arguments) {
    }

    private final HttpServer server;
    private final List<Dial> dials = new CopyOnWriteArrayList<>();

    private ChimeStandIn(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static ChimeStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ChimeStandIn chime = new ChimeStandIn(server);
            server.createContext("/sip-media-applications/", chime::handle);
            server.start();
            return chime;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint to give functions as {@code CHIME_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every dial so far, in order. */
    public List<Dial> dials() {
        return List.copyOf(dials);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if ("GET".equals(exchange.getRequestMethod())) {
                // GetSipMediaApplication, the read create-call's SnapStart priming sends.
                String id = exchange.getRequestURI().getPath().substring("/sip-media-applications/".length());
                reply(exchange, 200, "{\"SipMediaApplication\":{\"SipMediaApplicationId\":\"" + id + "\"}}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/calls")) {
                reply(exchange, 400, "{\"Code\":\"BadRequest\",\"Message\":\"Only CreateSipMediaApplicationCall\"}");
                return;
            }
            String transactionId = UUID.randomUUID().toString();
            Map<String, String> arguments = body.has("ArgumentsMap")
                    ? JSON.convertValue(body.get("ArgumentsMap"), JSON.getTypeFactory()
                            .constructMapType(Map.class, String.class, String.class))
                    : Map.of();
            dials.add(new Dial(transactionId, body.path("FromPhoneNumber").asText(),
                    body.path("ToPhoneNumber").asText(), arguments));
            reply(exchange, 201, "{\"SipMediaApplicationCall\":{\"TransactionId\":\"" + transactionId + "\"}}");
        } finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
