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
 * The Chime SDK Voice operations the measured functions use, on their REST-JSON wire, answering at once: {@code POST
 * /sip-media-applications/{id}/calls} returns 201 with a transaction id, {@code GET /sip-media-applications/{id}}
 * (create-call's SnapStart priming) the application. As Chime, it knows one SIP media application, the account's
 * (its id is {@link #sipMediaApplicationId}, which the bench gives the template as the custom resource's answer),
 * and answers 404 {@code NotFoundException} for any other. It records each dial, whose arguments the call-status
 * scenario sends back as SIP media application events.
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
    private final String smaId = UUID.randomUUID().toString();

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

    /** The id of the one SIP media application the stand-in's account has. */
    public String sipMediaApplicationId() {
        return smaId;
    }

    /** Its ARN, in the local region and account. */
    public String sipMediaApplicationArn() {
        return "arn:aws:chime:us-east-1:123456789012:sma/" + smaId;
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
            String path = exchange.getRequestURI().getPath().substring("/sip-media-applications/".length());
            String id = path.endsWith("/calls") ? path.substring(0, path.length() - "/calls".length()) : path;
            if (!smaId.equals(id)) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType",
                        "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.chime/");
                reply(exchange, 404, "{\"Code\":\"NotFound\",\"Message\":\"SIP media application " + id
                        + " not found.\"}");
                return;
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                // GetSipMediaApplication, the read create-call's SnapStart priming sends.
                reply(exchange, 200, "{\"SipMediaApplication\":{\"SipMediaApplicationId\":\"" + id
                        + "\",\"SipMediaApplicationArn\":\"" + sipMediaApplicationArn() + "\"}}");
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
