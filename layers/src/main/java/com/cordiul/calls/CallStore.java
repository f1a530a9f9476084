package com.cordiul.calls;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.logging.Log;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Reads and writes call records. Every write is conditional: a new call only if its id is unused, a change only
 * if the stored version is the one read (optimistic concurrency), so concurrent writers never lose each other's
 * facts and no write is ever half-done. {@link #update} is the one way a call's status changes, so it is where every
 * effect of a change starts ({@link CallTransitions}).
 */
public class CallStore {

    /** How many times a change is re-read and re-applied after losing a race before giving up. */
    static final int MAX_ATTEMPTS = 16;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final CallTransitions transitions;

    /** A store whose changes have no effect but the call metrics ({@link CallMetrics}). */
    public CallStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, CallTransitions.NONE);
    }

    /** A store that counts the call metrics of every change it writes, then hands it to {@code transitions}. */
    public CallStore(DynamoDbClient dynamoDb, String table, CallTransitions transitions) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.transitions = (before, after) -> {
            CallMetrics.INSTANCE.stored(before, after);
            transitions.stored(before, after);
        };
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    /** Stores a new call; false when a call with that id already exists (nothing is overwritten). */
    public boolean create(CallRecord record) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(CallItems.toItem(record.withVersion(1)))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", CallItems.ID)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** The call, read consistently; empty when the owner has no call with that id. */
    public Optional<CallRecord> find(String owner, String id) {
        try {
            var response = dynamoDb.getItem(b -> b.tableName(table).key(CallItems.key(owner, id)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(CallItems.fromItem(response.item())) : Optional.empty();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /**
     * Applies a change to a call: read, apply, write back if the stored version is still the one read, else
     * again. A change that returns the same instance writes nothing. Returns the record as stored afterwards, or
     * empty when the call does not exist. Each change written is handed to the store's {@link CallTransitions}.
     */
    public Optional<CallRecord> update(String owner, String id, UnaryOperator<CallRecord> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<CallRecord> current = find(owner, id);
            if (current.isEmpty()) {
                return current;
            }
            CallRecord before = current.get();
            CallRecord after = change.apply(before);
            if (after == before || after.sameFactsAs(before)) {
                return current;
            }
            CallRecord stored = after.withVersion(before.version() + 1);
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(CallItems.toItem(stored))
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", CallItems.VERSION))
                        .expressionAttributeValues(Map.of(":v",
                                AttributeValue.fromN(Long.toString(before.version())))));
                afterWrite(before, stored);
                return Optional.of(stored);
            } catch (ConditionalCheckFailedException e) {
                // Another writer got there first: re-read its facts and merge ours into them.
                Thread.onSpinWait();
            } catch (SdkException e) {
                throw unavailable(e);
            }
        }
        throw new StoreUnavailableException("The call is being updated by too many writers; retry shortly.", 1,
                null);
    }

    private void afterWrite(CallRecord before, CallRecord after) {
        try {
            transitions.stored(before, after);
        } catch (RuntimeException e) {
            // The change is stored whatever its effects do; theirs are repaired by their own owners.
            Log.error("an effect of a stored call change failed", e, "call_id", after.id());
        }
    }

    /** The owner and id of the call Chime knows by this transaction id, from the by-transaction index. */
    public Optional<CallKey> findByTransactionId(String transactionId) {
        try {
            var response = dynamoDb.query(b -> b.tableName(table).indexName(CallItems.INDEX_BY_TRANSACTION)
                    .keyConditionExpression("#t = :t")
                    .expressionAttributeNames(Map.of("#t", CallItems.TRANSACTION_ID))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(transactionId)))
                    .limit(1));
            return response.items().stream().findFirst()
                    .map(item -> new CallKey(item.get(CallItems.OWNER).s(), item.get(CallItems.ID).s()));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    static StoreUnavailableException unavailable(SdkException e) {
        return new StoreUnavailableException("The call store is unavailable. Nothing was changed; retry shortly.",
                1, e);
    }

    /** The primary key of a call. */
    public record CallKey(String owner, String id) {
    }
}
