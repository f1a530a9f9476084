package com.cordiul.calls.progress;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallStore.CallKey;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the sparse {@code by-open-status} index: only calls that are not terminal have an entry, keyed by their
 * status and the epoch ms they entered it, so "open in this status since before the cutoff" is one key-condition
 * Query, never a Scan.
 */
final class OpenCallIndex {

    private final DynamoDbClient dynamoDb;
    private final String table;

    OpenCallIndex(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** One page of calls in the open status ({@code CallItems.openStatus}) since before the cutoff, oldest first. */
    Page page(String openStatus, long cutoffEpochMillis, int limit, Map<String, AttributeValue> startKey) {
        try {
            var response = dynamoDb.query(b -> b.tableName(table).indexName(CallItems.INDEX_BY_OPEN_STATUS)
                    .keyConditionExpression("#s = :s AND #since < :cutoff")
                    .expressionAttributeNames(Map.of("#s", CallItems.OPEN_STATUS, "#since", CallItems.STATUS_SINCE))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(openStatus),
                            ":cutoff", AttributeValue.fromN(Long.toString(cutoffEpochMillis))))
                    .limit(limit)
                    .exclusiveStartKey(startKey == null || startKey.isEmpty() ? null : startKey));
            List<CallKey> keys = response.items().stream()
                    .map(item -> new CallKey(item.get(CallItems.OWNER).s(), item.get(CallItems.ID).s()))
                    .toList();
            Map<String, AttributeValue> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            return new Page(keys, next);
        } catch (SdkException e) {
            throw new StoreUnavailableException("The call store is unavailable; the sweep stopped.", 60, e);
        }
    }

    /**
     * A page of the index.
     *
     * @param keys the calls on it
     * @param next where the next page starts, or null when this was the last
     */
    record Page(List<CallKey> keys, Map<String, AttributeValue> next) {
    }
}
