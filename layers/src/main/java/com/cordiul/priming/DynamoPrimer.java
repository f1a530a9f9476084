package com.cordiul.priming;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: before the snapshot, one harmless read of a key that never exists, so the SDK's request path,
 * marshallers and HTTP client classes are loaded and initialised in the snapshot.
 */
public final class DynamoPrimer extends SnapshotPrimer {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Map<String, AttributeValue> key;

    public DynamoPrimer(DynamoDbClient dynamoDb, String table, String keyAttribute) {
        this(dynamoDb, table, Map.of(keyAttribute, AttributeValue.fromS("priming-sentinel")));
    }

    /** For a table with a composite key: the whole key of an item that never exists. */
    public DynamoPrimer(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key) {
        super("dynamodb");
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.key = Map.copyOf(key);
    }


    @Override
    protected void run() {
        dynamoDb.getItem(b -> b.tableName(table).key(key));
    }
}
