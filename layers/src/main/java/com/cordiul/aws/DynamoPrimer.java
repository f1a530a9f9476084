package com.cordiul.aws;

import com.cordiul.logging.Log;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: before the snapshot, one harmless read of a key that never exists, so the SDK's request path,
 * marshallers and HTTP client classes are loaded and initialised in the snapshot. It never fails the checkpoint.
 */
public final class DynamoPrimer implements Resource {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Map<String, AttributeValue> key;

    public DynamoPrimer(DynamoDbClient dynamoDb, String table, String keyAttribute) {
        this(dynamoDb, table, Map.of(keyAttribute, AttributeValue.fromS("priming-sentinel")));
    }

    /** For a table with a composite key: the whole key of an item that never exists. */
    public DynamoPrimer(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.key = Map.copyOf(key);
    }

    /** Registers the primer with the CRaC context, which holds resources weakly: the handler keeps a reference. */
    public DynamoPrimer register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to do: connections are re-opened on demand after restore.
    }

    /** The priming read; returns whether it reached the table, and never throws. */
    public boolean prime() {
        try {
            dynamoDb.getItem(b -> b.tableName(table).key(key));
            return true;
        } catch (RuntimeException e) {
            Log.warn("priming read failed; the snapshot is taken anyway", "error_type", e.getClass().getName());
            return false;
        }
    }
}
