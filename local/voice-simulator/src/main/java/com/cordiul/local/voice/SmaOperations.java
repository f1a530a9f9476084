package com.cordiul.local.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP media application operations of Chime SDK Voice on their REST-JSON wire, over an {@link SmaRegistry}:
 * {@code POST /sip-media-applications} (Create, 201), {@code GET /sip-media-applications} (List, with
 * {@code max-results} 1-100 and {@code next-token}), and {@code GET} (Get, 200), {@code PUT} (Update, 200),
 * {@code DELETE} (Delete, 204) on {@code /sip-media-applications/{id}}. Errors have the shapes of {@link ChimeError}.
 */
final class SmaOperations {

    private static final String COLLECTION = "/sip-media-applications";
    private static final Pattern ITEM = Pattern.compile("^/sip-media-applications/([^/]+)$");
    private static final int MAX_RESULTS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmaRegistry registry;

    SmaOperations(SmaRegistry registry) {
        this.registry = registry;
    }

    /** Whether the path is one of these operations' (the calls below an application are not). */
    static boolean serves(String path) {
        return COLLECTION.equals(path) || ITEM.matcher(path).matches();
    }

    /** Answers one signed request whose path {@link #serves} names. */
    void serve(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try {
            if (COLLECTION.equals(path)) {
                switch (method) {
                    case "POST" -> create(exchange, body);
                    case "GET" -> list(exchange, query(exchange.getRequestURI().getRawQuery()));
                    default -> throw noOperation(method, path);
                }
                return;
            }
            Matcher item = ITEM.matcher(path);
            if (!item.matches()) {
                throw noOperation(method, path);
            }
            String id = URLDecoder.decode(item.group(1), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> send(exchange, 200, single(registry.get(id)));
                case "PUT" -> update(exchange, id, body);
                case "DELETE" -> {
                    registry.delete(id);
                    sendEmpty(exchange);
                }
                default -> throw noOperation(method, path);
            }
        } catch (SmaRegistry.Refusal refusal) {
            sendError(exchange, refusal.error());
        }
    }

    private void create(HttpExchange exchange, String body) throws IOException {
        JsonNode request = object(body);
        tags(request.get("Tags"));
        RegisteredSma sma = registry.create(text(request, "AwsRegion"), text(request, "Name"),
                endpoints(request.get("Endpoints")));
        send(exchange, 201, single(sma));
    }

    private void update(HttpExchange exchange, String id, String body) throws IOException {
        JsonNode request = object(body);
        send(exchange, 200, single(registry.update(id, text(request, "Name"), endpoints(request.get("Endpoints")))));
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        int max = MAX_RESULTS;
        if (query.containsKey("max-results")) {
            try {
                max = Integer.parseInt(query.get("max-results"));
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1 || max > MAX_RESULTS) {
                throw refused("max-results must be from 1 to " + MAX_RESULTS + ".");
            }
        }
        List<RegisteredSma> all = registry.all();
        int from = query.containsKey("next-token") ? offset(query.get("next-token"), all.size()) : 0;
        int to = Math.min(all.size(), from + max);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode page = root.putArray("SipMediaApplications");
        all.subList(from, to).forEach(s -> page.add(SmaRegistry.describe(s)));
        if (to < all.size()) {
            root.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        }
        send(exchange, 200, root);
    }

    private static int offset(String token, int size) {
        try {
            int offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (offset >= 0 && offset <= size) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal: not a token this service gave.
        }
        throw refused("The next-token is not valid.");
    }

    private static ObjectNode single(RegisteredSma sma) {
        ObjectNode root = JSON.createObjectNode();
        root.set("SipMediaApplication", SmaRegistry.describe(sma));
        return root;
    }

    private static JsonNode object(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            throw refused("The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw refused("The request body must be a JSON object.");
        }
        return root;
    }

    private static String text(JsonNode request, String name) {
        JsonNode value = request.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw refused(name + " must be a string.");
        }
        return value.asText();
    }

    /** The endpoints' Lambda ARNs, or null when the request gives none. */
    private static List<String> endpoints(JsonNode endpoints) {
        if (endpoints == null || endpoints.isNull()) {
            return null;
        }
        if (!endpoints.isArray()) {
            throw refused("Endpoints must be a list.");
        }
        List<String> arns = new ArrayList<>();
        endpoints.forEach(e -> arns.add(e.path("LambdaArn").isTextual() ? e.path("LambdaArn").asText() : null));
        return arns;
    }

    private static void tags(JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isArray() || tags.isEmpty() || tags.size() > 50) {
            throw refused("Tags must hold 1 to 50 tags.");
        }
        for (JsonNode tag : tags) {
            String key = tag.path("Key").asText("");
            if (key.isEmpty() || key.length() > 128 || !tag.path("Value").isTextual()
                    || tag.path("Value").asText().length() > 256) {
                throw refused("Each tag needs a Key of 1-128 characters and a Value of at most 256.");
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static SmaRegistry.Refusal refused(String message) {
        return new SmaRegistry.Refusal(ChimeError.badRequest(message));
    }

    private static SmaRegistry.Refusal noOperation(String method, String path) {
        return new SmaRegistry.Refusal(ChimeError.notFound("No operation at " + method + " " + path));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendEmpty(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(204, -1);
    }

    private static void sendError(HttpExchange exchange, ChimeError error) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType",
                error.type() + ":http://internal.amazon.com/coral/com.amazonaws.chime/");
        ObjectNode root = JSON.createObjectNode();
        root.put("Code", error.code()).put("Message", error.message());
        send(exchange, error.status(), root);
    }
}
