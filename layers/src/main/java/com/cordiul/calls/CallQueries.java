package com.cordiul.calls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Lists an owner's calls, newest first. Every filter combination is one key condition: the owner alone reads the
 * table, a status the by-status index, a contact the by-contact index, both the by-contact-status index, and the
 * date range and cursor always narrow the {@code id} range key (ids sort by creation time). Pages are read until
 * the limit is filled: never a Scan, never a filter expression. Apart from listing, {@link #countWaiting} counts an
 * owner's calls not dialed yet, for the queue counter's occasional recount.
 */
public class CallQueries {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public CallQueries(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** One page of calls. */
    public CallPage list(String owner, CallListRequest query) {
        String low = query.lowestId();
        Optional<String> high = query.highestId();
        if (query.cursor().isPresent()) {
            String last = CallCursor.decode(owner, query, query.cursor().get());
            Optional<String> beforeLast = CallIds.predecessor(last);
            high = high.flatMap(h -> beforeLast.map(b -> b.compareTo(h) < 0 ? b : h));
        }
        if (high.isEmpty() || high.get().compareTo(low) < 0) {
            return new CallPage(List.of(), false, null);
        }
        List<CallRecord> calls = read(owner, query, low, high.get(), query.limit() + 1);
        boolean hasMore = calls.size() > query.limit();
        List<CallRecord> page = hasMore ? calls.subList(0, query.limit()) : calls;
        String next = hasMore ? CallCursor.encode(owner, query, page.get(page.size() - 1).id()) : null;
        return new CallPage(List.copyOf(page), hasMore, next);
    }

    private List<CallRecord> read(String owner, CallListRequest query, String low, String high, int wanted) {
        String index;
        String hashName;
        String hashValue;
        if (query.status().isPresent() && query.contactId().isPresent()) {
            index = CallItems.INDEX_BY_CONTACT_STATUS;
            hashName = CallItems.OWNER_CONTACT_STATUS;
            hashValue = CallItems.ownerContactStatus(owner, query.contactId().get(), query.status().get());
        } else if (query.status().isPresent()) {
            index = CallItems.INDEX_BY_STATUS;
            hashName = CallItems.OWNER_STATUS;
            hashValue = CallItems.ownerStatus(owner, query.status().get());
        } else if (query.contactId().isPresent()) {
            index = CallItems.INDEX_BY_CONTACT;
            hashName = CallItems.OWNER_CONTACT;
            hashValue = CallItems.ownerContact(owner, query.contactId().get());
        } else {
            index = null;
            hashName = CallItems.OWNER;
            hashValue = owner;
        }
        List<CallRecord> calls = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                        .keyConditionExpression("#h = :h AND #id BETWEEN :low AND :high")
                        .expressionAttributeNames(Map.of("#h", hashName, "#id", CallItems.ID))
                        .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hashValue),
                                ":low", AttributeValue.fromS(low), ":high", AttributeValue.fromS(high)))
                        .scanIndexForward(false)
                        .limit(wanted - calls.size());
                if (index != null) {
                    request.indexName(index);
                }
                if (startKey != null) {
                    request.exclusiveStartKey(startKey);
                }
                QueryResponse response = dynamoDb.query(request.build());
                response.items().forEach(item -> calls.add(CallItems.fromItem(item)));
                startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (startKey != null && calls.size() < wanted);
        } catch (SdkException e) {
            throw CallStore.unavailable(e);
        }
        return calls;
    }

    /**
     * The owner's calls that wait to be dialed ({@link CallRecord#waiting()}): its {@code initiating} calls on the
     * by-status index with neither a dial, a transaction nor a cancel, counted by DynamoDB ({@code Select COUNT},
     * every page). It reads every initiating call of the owner, so it runs only when the queue counter refuses, at
     * most once a minute per owner ({@code QueueDepth}).
     */
    public long countWaiting(String owner) {
        long count = 0;
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                        .indexName(CallItems.INDEX_BY_STATUS)
                        .keyConditionExpression("#h = :h")
                        .filterExpression("attribute_not_exists(#d) AND attribute_not_exists(#t) "
                                + "AND attribute_not_exists(#c)")
                        .expressionAttributeNames(Map.of("#h", CallItems.OWNER_STATUS, "#d", CallItems.DIALED_AT,
                                "#t", CallItems.TRANSACTION_ID, "#c", "cancel_requested_at"))
                        .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(
                                CallItems.ownerStatus(owner, CallStatus.INITIATING))))
                        .select(Select.COUNT);
                if (startKey != null) {
                    request.exclusiveStartKey(startKey);
                }
                QueryResponse response = dynamoDb.query(request.build());
                count += response.count();
                startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (startKey != null);
        } catch (SdkException e) {
            throw CallStore.unavailable(e);
        }
        return count;
    }

    /**
     * One page of calls.
     *
     * @param calls the calls, newest first
     * @param hasMore whether more calls match
     * @param nextCursor the cursor of the next page, or null
     */
    public record CallPage(List<CallRecord> calls, boolean hasMore, String nextCursor) {
    }
}
