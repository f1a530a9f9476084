package com.cordiul.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The write units AWS bills for one write, from the item before and after it (DynamoDB JSON) and the table's
 * definition in the template, by the rules of the DynamoDB developer guide (on-demand pricing; "Provisioned
 * throughput considerations for global secondary indexes"): the table 1 unit per KB of the larger of the two items
 * (a refused conditional write too), and each global secondary index 1 unit per KB of its entry to add, update or
 * delete it, 2 writes (delete and put) when its key changes, nothing when neither its key nor an attribute it
 * projects changes. Dynalite reports none of the index units; this is what turns the cost section's "computed by
 * the rules" into counted writes.
 */
final class IndexWriteUnits {

    private static final int KB = 1024;

    private IndexWriteUnits() {
    }

    /**
     * The units of one write.
     *
     * @param table  the table's definition
     * @param before the item before the write, or null when there was none
     * @param after  the item after it, or null when there is none
     * @return the table's units first, then each index's by name (only those the write touched)
     */
    static Map<String, Integer> of(CreateTableRequest table, JsonNode before, JsonNode after) {
        Map<String, Integer> units = new LinkedHashMap<>();
        units.put(table.tableName(), Math.max(1, Math.max(kb(size(before)), kb(size(after)))));
        List<String> tableKeys = names(table.keySchema());
        for (GlobalSecondaryIndex index : table.globalSecondaryIndexes()) {
            int u = index(index, tableKeys, before, after);
            if (u > 0) {
                units.put(index.indexName(), u);
            }
        }
        return units;
    }

    private static int index(GlobalSecondaryIndex index, List<String> tableKeys, JsonNode before, JsonNode after) {
        List<String> keys = names(index.keySchema());
        boolean was = present(before, keys);
        boolean is = present(after, keys);
        if (!was && !is) {
            return 0;
        }
        JsonNode old = was ? projection(index, tableKeys, keys, before) : null;
        JsonNode now = is ? projection(index, tableKeys, keys, after) : null;
        if (!was) {
            return kb(size(now));
        }
        if (!is) {
            return kb(size(old));
        }
        boolean keyChanged = keys.stream().anyMatch(k -> !Objects.equals(before.get(k), after.get(k)));
        if (keyChanged) {
            return kb(size(old)) + kb(size(now));
        }
        return old.equals(now) ? 0 : Math.max(kb(size(old)), kb(size(now)));
    }

    private static JsonNode projection(GlobalSecondaryIndex index, List<String> tableKeys, List<String> keys,
                                       JsonNode item) {
        if (index.projection().projectionType() == ProjectionType.ALL) {
            return item;
        }
        Set<String> kept = new TreeSet<>(tableKeys);
        kept.addAll(keys);
        if (index.projection().projectionType() == ProjectionType.INCLUDE) {
            kept.addAll(index.projection().nonKeyAttributes());
        }
        var entry = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        kept.forEach(name -> {
            if (item.has(name)) {
                entry.set(name, item.get(name));
            }
        });
        return entry;
    }

    private static boolean present(JsonNode item, List<String> keys) {
        return item != null && keys.stream().allMatch(item::has);
    }

    private static List<String> names(List<KeySchemaElement> schema) {
        return schema.stream().map(KeySchemaElement::attributeName).toList();
    }

    private static int kb(int bytes) {
        return Math.max(1, (bytes + KB - 1) / KB);
    }

    /** An item's size as DynamoDB counts it: each attribute's name and value (DynamoDB JSON). */
    static int size(JsonNode item) {
        if (item == null) {
            return 0;
        }
        int size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    private static int value(JsonNode typed) {
        Map.Entry<String, JsonNode> only = typed.fields().next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> utf8(v.asText());
            case "N" -> (v.asText().replaceAll("[^0-9]", "").length() + 1) / 2 + 1;
            case "B" -> (v.asText().length() * 3) / 4;
            case "BOOL", "NULL" -> 1;
            case "M" -> 3 + size(v) + v.size();
            case "L" -> {
                int s = 3;
                for (JsonNode element : v) {
                    s += 1 + value(element);
                }
                yield s;
            }
            default -> {
                int s = 3;
                for (JsonNode element : v) {
                    s += 1 + utf8(element.asText());
                }
                yield s;
            }
        };
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
