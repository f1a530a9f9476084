package com.cordiul.local.dynalite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Creates the {@code AWS::DynamoDB::Table} resources of {@code template.yaml} in a DynamoDB endpoint, exactly as
 * declared (keys, attribute types, indexes, projections). Locally a table's name is its logical id, which is also
 * what the local runner resolves {@code Ref: TableLogicalId} to.
 */
public final class TemplateTables {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, CreateTableRequest> tables;

    private TemplateTables(Map<String, CreateTableRequest> tables) {
        this.tables = tables;
    }

    /** Reads the tables of a template. */
    public static TemplateTables read(Path template) {
        try {
            return fromTemplate(YAML.readTree(template.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + template, e);
        }
    }

    /** Reads the tables of the repository's {@code template.yaml}. */
    public static TemplateTables fromRepository() {
        return read(RepositoryRoot.find().resolve("template.yaml"));
    }

    /** Reads the tables of a parsed template. */
    public static TemplateTables fromTemplate(JsonNode template) {
        Map<String, CreateTableRequest> tables = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(resource -> {
            if ("AWS::DynamoDB::Table".equals(resource.getValue().path("Type").asText())) {
                tables.put(resource.getKey(), toRequest(resource.getKey(), resource.getValue().path("Properties")));
            }
        });
        return new TemplateTables(tables);
    }

    /** Logical ids of the tables, in template order. */
    public List<String> names() {
        return List.copyOf(tables.keySet());
    }

    /** The CreateTable request for one table. */
    public CreateTableRequest request(String logicalId) {
        return tables.get(logicalId);
    }

    /** Creates every table that does not exist yet, and waits until each is ACTIVE. */
    public void createAll(DynamoDbClient client) {
        for (CreateTableRequest request : tables.values()) {
            if (!exists(client, request.tableName())) {
                client.createTable(request);
            }
            client.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
        }
    }

    /** Deletes every item of every table (tests share one dynalite and start from empty tables). */
    public void truncateAll(DynamoDbClient client) {
        for (CreateTableRequest request : tables.values()) {
            List<String> keys = request.keySchema().stream().map(KeySchemaElement::attributeName).toList();
            client.scanPaginator(b -> b.tableName(request.tableName())).items().forEach(item -> {
                Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key = new LinkedHashMap<>();
                keys.forEach(k -> key.put(k, item.get(k)));
                client.deleteItem(b -> b.tableName(request.tableName()).key(key));
            });
        }
    }

    private static boolean exists(DynamoDbClient client, String table) {
        try {
            client.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static CreateTableRequest toRequest(String logicalId, JsonNode properties) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        properties.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText())
                .attributeType(a.path("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        properties.path("GlobalSecondaryIndexes").forEach(i -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(i.path("IndexName").asText())
                .keySchema(keySchema(i.path("KeySchema")))
                .projection(projection(i.path("Projection"))).build()));
        CreateTableRequest.Builder builder = CreateTableRequest.builder()
                .tableName(logicalId)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(properties.path("KeySchema")))
                .billingMode(BillingMode.fromValue(properties.path("BillingMode").asText("PAY_PER_REQUEST")));
        if (!indexes.isEmpty()) {
            builder.globalSecondaryIndexes(indexes);
        }
        return builder.build();
    }

    private static List<KeySchemaElement> keySchema(JsonNode node) {
        List<KeySchemaElement> keys = new ArrayList<>();
        node.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }

    private static Projection projection(JsonNode node) {
        Projection.Builder builder = Projection.builder().projectionType(node.path("ProjectionType").asText("ALL"));
        if (node.has("NonKeyAttributes")) {
            List<String> names = new ArrayList<>();
            node.path("NonKeyAttributes").forEach(n -> names.add(n.asText()));
            builder.nonKeyAttributes(names);
        }
        return builder.build();
    }
}
