package com.cordiul.e2e;

import com.cordiul.local.dynalite.TemplateTables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * A DynamoDB endpoint on loopback that passes every request on to dynalite and writes down what it was: the
 * operation, the table, the capacity units dynalite reports for it (each item request is sent with
 * {@code ReturnConsumedCapacity: INDEXES}, which the functions never ask for and so never read), and whether a
 * condition refused it. The stack's functions and the test's bootstrap all reach the store through it, so what it
 * counts is every request a call costs. Dynalite reports the table's units only, not the indexes', and nothing for
 * a refused conditional write (which AWS bills as a write). So each write to a table of the template is also
 * counted in write units by AWS's rules ({@link IndexWriteUnits}): the proxy reads the item before and after it
 * (straight from dynalite, not counted), one write of a table at a time so that the two reads frame that write.
 */
final class CountingDynamoProxy implements AutoCloseable {

    /** Operations on one item or one query, where DynamoDB returns the capacity consumed. */
    private static final Set<String> ITEM_OPERATIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem",
            "Query", "Scan");
    /** Writes whose write units are counted from the item before and after. */
    private static final Set<String> WRITE_OPERATIONS = Set.of("PutItem", "UpdateItem", "DeleteItem");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, CreateTableRequest> tables = new ConcurrentHashMap<>();
    private final Map<String, Object> writeLocks = new ConcurrentHashMap<>();

    /**
     * One request, as it reached the store.
     *
     * @param operation       e.g. {@code PutItem}
     * @param table           the table named in the request, or empty
     * @param capacityUnits   the table's capacity units dynalite reported (0 when it reported none)
     * @param conditionFailed whether a ConditionExpression refused it
     * @param writeUnits      a write's units by AWS's rules, the table's and each index's by name; empty otherwise
     */
    record Request(String operation, String table, double capacityUnits, boolean conditionFailed,
                   Map<String, Integer> writeUnits) {

        /** The write units of the request, table and indexes (0 for a read). */
        int totalWriteUnits() {
            return writeUnits.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** {@code CallsTable PutItem}, with {@code (refused)} for a failed condition. */
        String label() {
            return table + " " + operation + (conditionFailed ? " (refused)" : "");
        }
    }

    private CountingDynamoProxy(URI target) throws IOException {
        this.target = target;
        TemplateTables template = TemplateTables.fromRepository();
        template.names().forEach(name -> {
            CreateTableRequest definition = template.request(name);
            tables.put(definition.tableName(), definition);
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** A proxy in front of this DynamoDB endpoint. */
    static CountingDynamoProxy start(URI target) throws IOException {
        return new CountingDynamoProxy(target);
    }

    /** The proxy's endpoint, to give the stack as its DynamoDB endpoint. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request since the start or the last {@link #reset()}. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests counted so far. */
    void reset() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget == null ? "" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            String table = "";
            if (ITEM_OPERATIONS.contains(operation)) {
                ObjectNode request = (ObjectNode) JSON.readTree(body);
                table = request.path("TableName").asText();
                request.put("ReturnConsumedCapacity", "INDEXES");
                body = JSON.writeValueAsBytes(request);
            }
            HttpRequest.Builder onward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Content-Type", "X-Amz-Target", "Authorization", "X-Amz-Date")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    onward.header(header, value);
                }
            }
            HttpResponse<byte[]> answer;
            Map<String, Integer> units = Map.of();
            CreateTableRequest definition = tables.get(table);
            if (WRITE_OPERATIONS.contains(operation) && definition != null) {
                JsonNode key = key(definition, JSON.readTree(body), operation);
                synchronized (writeLocks.computeIfAbsent(table, t -> new Object())) {
                    JsonNode before = read(exchange, table, key);
                    answer = send(onward.build());
                    units = IndexWriteUnits.of(definition, before, read(exchange, table, key));
                }
            } else {
                answer = send(onward.build());
            }
            if (!operation.isEmpty()) {
                requests.add(describe(operation, table, answer, units));
            }
            answer.headers().map().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
                        && !name.equalsIgnoreCase("connection") && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The key a write names: its {@code Key}, or a PutItem's key attributes. */
    private static JsonNode key(CreateTableRequest definition, JsonNode request, String operation) {
        if (!operation.equals("PutItem")) {
            return request.path("Key");
        }
        ObjectNode key = JSON.createObjectNode();
        definition.keySchema().forEach(k -> key.set(k.attributeName(), request.path("Item").path(k.attributeName())));
        return key;
    }

    /** The item under that key, read consistently from the store behind the proxy (not counted), or null. */
    private JsonNode read(HttpExchange exchange, String table, JsonNode key) throws IOException {
        ObjectNode get = JSON.createObjectNode();
        get.put("TableName", table);
        get.set("Key", key);
        get.put("ConsistentRead", true);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve("/")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(get)));
        for (String header : List.of("Authorization", "X-Amz-Date")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        JsonNode item = JSON.readTree(send(request.build()).body()).get("Item");
        return item == null || item.isEmpty() ? null : item;
    }

    private static Request describe(String operation, String table, HttpResponse<byte[]> answer,
                                    Map<String, Integer> writeUnits) {
        double units = 0;
        boolean refused = false;
        try {
            JsonNode parsed = JSON.readTree(answer.body());
            units = parsed.path("ConsumedCapacity").path("CapacityUnits").asDouble(0);
            refused = answer.statusCode() == 400
                    && parsed.path("__type").asText().endsWith("ConditionalCheckFailedException");
        } catch (IOException e) {
            // Not JSON (an empty answer): nothing to read from it.
        }
        return new Request(operation, table, units, refused, writeUnits);
    }
}
