package com.cordiul.priming;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * SnapStart priming of the conditional PutItem path: before the snapshot, one PutItem of a sentinel key under a
 * condition that cannot hold (the item must already exist, and it never does), so DynamoDB refuses it and writes
 * nothing, while the SDK's PutItem marshalling, signing and conditional-failure handling are loaded and initialised
 * in the snapshot. The refusal is the expected outcome.
 */
public final class ConditionalWritePrimer extends SnapshotPrimer {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Map<String, AttributeValue> key;

    /** @param key the whole key of an item that never exists */
    public ConditionalWritePrimer(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key) {
        super("conditional write");
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.key = Map.copyOf(key);
    }


    @Override
    protected void run() {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("priming", AttributeValue.fromBool(true));
        String attribute = key.keySet().iterator().next();
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", attribute)));
            throw new IllegalStateException("the priming write's condition held: the sentinel item exists");
        } catch (ConditionalCheckFailedException expected) {
            // Refused as intended: nothing was written.
        }
    }
}
