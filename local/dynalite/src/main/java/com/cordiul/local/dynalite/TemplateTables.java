package com.cordiul.local.dynalite;

import com.cordiul.stack.Stack;
import com.cordiul.stack.Table;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Creates the tables of the stack model ({@link Stack#tables()}) in a DynamoDB endpoint, exactly as declared (keys,
 * attribute types, indexes, projections), under the name {@code Ref} gives them locally (the table's
 * {@code TableName}, or its logical id: {@code CallsTable}).
 */
public final class TemplateTables {

    /** What a PROVISIONED table that declares no throughput gets locally (dynalite requires one). */
    private static final long DEFAULT_CAPACITY = 5;
    /** How the creation waits for a CREATING table (see {@link #createAll}). */
    private static final WaiterOverrideConfiguration ACTIVE_POLL = WaiterOverrideConfiguration.builder()
            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(20)))
            .waitTimeout(Duration.ofSeconds(500)).maxAttempts(25_000).build();

    private final Map<String, CreateTableRequest> tables;

    private TemplateTables(Map<String, CreateTableRequest> tables) {
        this.tables = tables;
    }

    /** Reads the tables of a template (parameters at their defaults). */
    public static TemplateTables read(Path template) {
        return from(Stack.read(template));
    }

    /** Reads the tables of the repository's {@code template.yaml}. */
    public static TemplateTables fromRepository() {
        return read(RepositoryRoot.find().resolve("template.yaml"));
    }

    /** The tables of a stack. */
    public static TemplateTables from(Stack stack) {
        Map<String, CreateTableRequest> tables = new LinkedHashMap<>();
        stack.tables().forEach(table -> tables.put(table.logicalId(), toRequest(table)));
        return new TemplateTables(tables);
    }

    /** The tables' names, in template order. */
    public List<String> names() {
        return tables.values().stream().map(CreateTableRequest::tableName).toList();
    }

    /** The CreateTable request for one table, by logical id. */
    public CreateTableRequest request(String logicalId) {
        return tables.get(logicalId);
    }

    /**
     * Creates every table that does not exist yet, and waits until each is ACTIVE. dynalite (started with
     * {@code --createTableMs 0}) makes a table ACTIVE a moment after it answers the create, so the first describe
     * can still find it CREATING: the SDK's waiter would then sleep its DynamoDB delay of 20 s before asking again.
     * It asks every 20 ms instead, for as long as the SDK's waiter would (25 attempts of 20 s).
     */
    public void createAll(DynamoDbClient client) {
        for (CreateTableRequest request : tables.values()) {
            if (!exists(client, request.tableName())) {
                client.createTable(request);
            }
            client.waiter().waitUntilTableExists(DescribeTableRequest.builder().tableName(request.tableName()).build(),
                    ACTIVE_POLL);
        }
    }

    /** Deletes every item of every table (tests share one dynalite and start from empty tables). */
    public void truncateAll(DynamoDbClient client) {
        for (CreateTableRequest request : tables.values()) {
            List<String> keys = request.keySchema().stream().map(KeySchemaElement::attributeName).toList();
            client.scanPaginator(b -> b.tableName(request.tableName())).items().forEach(item -> {
                Map<String, AttributeValue> key = new LinkedHashMap<>();
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

    private static CreateTableRequest toRequest(Table table) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        table.attributes().forEach((name, type) -> attributes.add(AttributeDefinition.builder()
                .attributeName(name).attributeType(type).build()));
        boolean provisioned = "PROVISIONED".equals(table.billingMode());
        List<GlobalSecondaryIndex> global = new ArrayList<>();
        table.globalSecondaryIndexes().forEach(i -> {
            GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder().indexName(i.indexName())
                    .keySchema(keySchema(i.keySchema())).projection(projection(i));
            if (provisioned) {
                index.provisionedThroughput(throughput(table.properties()));
            }
            global.add(index.build());
        });
        List<LocalSecondaryIndex> local = new ArrayList<>();
        table.localSecondaryIndexes().forEach(i -> local.add(LocalSecondaryIndex.builder().indexName(i.indexName())
                .keySchema(keySchema(i.keySchema())).projection(projection(i)).build()));
        CreateTableRequest.Builder builder = CreateTableRequest.builder()
                .tableName(table.tableName())
                .attributeDefinitions(attributes)
                .keySchema(keySchema(table.keySchema()))
                .billingMode(BillingMode.fromValue(table.billingMode()));
        if (provisioned) {
            builder.provisionedThroughput(throughput(table.properties()));
        }
        if (!global.isEmpty()) {
            builder.globalSecondaryIndexes(global);
        }
        if (!local.isEmpty()) {
            builder.localSecondaryIndexes(local);
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(JsonNode properties) {
        JsonNode declared = properties.path("ProvisionedThroughput");
        return ProvisionedThroughput.builder()
                .readCapacityUnits(declared.path("ReadCapacityUnits").asLong(DEFAULT_CAPACITY))
                .writeCapacityUnits(declared.path("WriteCapacityUnits").asLong(DEFAULT_CAPACITY)).build();
    }

    private static List<KeySchemaElement> keySchema(List<Table.Key> keys) {
        return keys.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName())
                .keyType(k.keyType()).build()).toList();
    }

    private static Projection projection(Table.Index index) {
        Projection.Builder builder = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            builder.nonKeyAttributes(index.nonKeyAttributes());
        }
        return builder.build();
    }
}
