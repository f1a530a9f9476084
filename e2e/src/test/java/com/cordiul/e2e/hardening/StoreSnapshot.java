package com.cordiul.e2e.hardening;

import com.cordiul.local.dynalite.TemplateTables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item of every table the template declares (a Scan: test code, never a request path), each as canonical
 * JSON (attributes sorted, values in DynamoDB's typed form), items sorted: two snapshots are equal exactly when the
 * store holds the same bytes.
 */
final class StoreSnapshot {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> TABLES = TemplateTables.fromRepository().names();

    private final Map<String, List<String>> tables;

    private StoreSnapshot(Map<String, List<String>> tables) {
        this.tables = tables;
    }

    static StoreSnapshot take(DynamoDbClient client) {
        Map<String, List<String>> tables = new java.util.concurrent.ConcurrentSkipListMap<>();
        TABLES.parallelStream().forEach(table -> {
            List<String> items = new ArrayList<>();
            client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                    .forEach(item -> items.add(canonical(item)));
            items.sort(null);
            tables.put(table, items);
        });
        return new StoreSnapshot(new TreeMap<>(tables));
    }

    /** The same snapshot without a table. */
    StoreSnapshot without(String table) {
        Map<String, List<String>> rest = new TreeMap<>(tables);
        rest.remove(table);
        return new StoreSnapshot(rest);
    }

    /** The same snapshot with an attribute of a table's items reduced to whether it is present. */
    StoreSnapshot presenceOnly(String table, String attribute) {
        Map<String, List<String>> changed = new TreeMap<>(tables);
        List<String> items = new ArrayList<>();
        for (String item : tables.getOrDefault(table, List.of())) {
            ObjectNode node = (ObjectNode) read(item);
            if (node.has(attribute)) {
                node.put(attribute, "<present>");
            }
            items.add(write(node));
        }
        items.sort(null);
        changed.put(table, items);
        return new StoreSnapshot(changed);
    }

    Set<String> tableNames() {
        return tables.keySet();
    }

    List<String> items(String table) {
        return tables.getOrDefault(table, List.of());
    }

    /** The items each table gained or lost from {@code before} to this, for a readable failure. */
    List<String> differencesFrom(StoreSnapshot before) {
        List<String> differences = new ArrayList<>();
        Set<String> names = new TreeSet<>(tables.keySet());
        names.addAll(before.tables.keySet());
        for (String table : names) {
            List<String> was = before.items(table);
            List<String> now = items(table);
            now.stream().filter(i -> !was.contains(i)).forEach(i -> differences.add(table + " + " + i));
            was.stream().filter(i -> !now.contains(i)).forEach(i -> differences.add(table + " - " + i));
        }
        return differences;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreSnapshot other && other.tables.equals(tables);
    }

    @Override
    public int hashCode() {
        return tables.hashCode();
    }

    @Override
    public String toString() {
        return tables.toString();
    }

    private static String canonical(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> node.set(name, typed(value)));
        return write(node);
    }

    private static JsonNode typed(AttributeValue v) {
        ObjectNode node = NODES.objectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case SS -> node.set("SS", sortedStrings(v.ss()));
            case NS -> node.set("NS", sortedStrings(v.ns()));
            case BS -> node.set("BS", sortedStrings(v.bs().stream()
                    .map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).toList()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(e -> list.add(typed(e)));
            }
            case M -> {
                ObjectNode map = node.putObject("M");
                new TreeMap<>(v.m()).forEach((k, e) -> map.set(k, typed(e)));
            }
            default -> throw new IllegalStateException("Unknown attribute type " + v.type());
        }
        return node;
    }

    private static ArrayNode sortedStrings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        new TreeSet<>(values).forEach(array::add);
        return array;
    }

    private static JsonNode read(String json) {
        try {
            return CANONICAL.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
