package com.cordiul.calls;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Lists an owner's calls, newest first. The owner alone reads the table, a status the by-status index, a contact the
 * by-contact index, and the date range and cursor always narrow the {@code id} range key (ids sort by creation
 * time); pages are read until the limit is filled, never a Scan. A contact and a status together read the
 * by-contact index with a filter expression on the call's {@code status}: an index keyed by contact and status
 * (as there was, {@code by-contact-status}) changes its key with every status a call takes, 2 write units each, on
 * every call, to serve one filter combination; a contact's calls are few, so the filter reads little. A contact
 * with a long history must not make one request read without end, though: such a request evaluates at most
 * {@link #MAX_EVALUATED} of the contact's calls, and when that ends it before the page is full it answers the
 * calls found with {@code has_more} and a cursor that continues after the last call evaluated (a short page, or
 * even an empty one: follow {@code has_more}, not the page's size, as the README says). Apart from listing,
 * {@link #countWaiting} counts an owner's calls not dialed yet, for the queue counter's occasional recount.
 */
public class CallQueries {

    /** How many of a contact's calls a contact-and-status request evaluates at most: two full pages' worth. */
    public static final int MAX_EVALUATED = 2 * CallListRequest.MAX_LIMIT;
    /** The first read of a filtered request, doubled at each further read (fewer round trips when few match). */
    private static final int FIRST_FILTERED_READ = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int maxEvaluated;

    public CallQueries(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, MAX_EVALUATED);
    }

    /** The tests' constructor: another bound on the calls a filtered request evaluates. */
    public CallQueries(DynamoDbClient dynamoDb, String table, int maxEvaluated) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.maxEvaluated = maxEvaluated;
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
        Read read = read(owner, query, low, high.get(), query.limit() + 1);
        List<CallView> calls = read.calls();
        if (calls.size() > query.limit()) {
            List<CallView> page = calls.subList(0, query.limit());
            return new CallPage(List.copyOf(page), true,
                    CallCursor.encode(owner, query, page.get(page.size() - 1).id()));
        }
        if (read.stoppedAfter() != null) {
            // The bound ended the read: the page holds what was found, the next one starts after what was read.
            return new CallPage(List.copyOf(calls), true, CallCursor.encode(owner, query, read.stoppedAfter()));
        }
        return new CallPage(List.copyOf(calls), false, null);
    }

    private Read read(String owner, CallListRequest query, String low, String high, int wanted) {
        Source source = source(owner, query);
        Map<String, String> names = new HashMap<>(Map.of("#h", source.hashName(), "#id", CallItems.ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", AttributeValue.fromS(source.hashValue()),
                ":low", AttributeValue.fromS(low), ":high", AttributeValue.fromS(high)));
        Optional<CallStatus> filter = query.contactId().isPresent() ? query.status() : Optional.empty();
        filter.ifPresent(status -> {
            names.put("#st", CallItems.STATUS);
            values.put(":st", AttributeValue.fromS(status.value()));
        });
        List<CallView> calls = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        int evaluated = 0;
        int nextRead = Math.min(Math.max(wanted, FIRST_FILTERED_READ), maxEvaluated);
        try {
            do {
                // Limit counts the items evaluated, before the filter.
                int limit = filter.isEmpty() ? wanted - calls.size() : Math.min(nextRead, maxEvaluated - evaluated);
                QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                        .keyConditionExpression("#h = :h AND #id BETWEEN :low AND :high")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .scanIndexForward(false)
                        .limit(limit);
                filter.ifPresent(status -> request.filterExpression("#st = :st"));
                if (source.index() != null) {
                    request.indexName(source.index());
                }
                if (startKey != null) {
                    request.exclusiveStartKey(startKey);
                }
                QueryResponse response = dynamoDb.query(request.build());
                response.items().forEach(item -> calls.add(CallItems.listedView(item)));
                evaluated += response.scannedCount() == null ? response.count() : response.scannedCount();
                nextRead = Math.min(2 * nextRead, maxEvaluated);
                startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (startKey != null && calls.size() < wanted && (filter.isEmpty() || evaluated < maxEvaluated));
        } catch (SdkException e) {
            throw CallStore.unavailable(e);
        }
        boolean bounded = filter.isPresent() && startKey != null && calls.size() < wanted;
        return new Read(calls, bounded ? startKey.get(CallItems.ID).s() : null);
    }

    private static Source source(String owner, CallListRequest query) {
        if (query.contactId().isPresent()) {
            return new Source(CallItems.INDEX_BY_CONTACT, CallItems.OWNER_CONTACT,
                    CallItems.ownerContact(owner, query.contactId().get()));
        }
        if (query.status().isPresent()) {
            return new Source(CallItems.INDEX_BY_STATUS, CallItems.OWNER_STATUS,
                    CallItems.ownerStatus(owner, query.status().get()));
        }
        return new Source(null, CallItems.OWNER, owner);
    }

    /** Where a listing reads: the table ({@code index} null) or an index, and its hash key. */
    private record Source(String index, String hashName, String hashValue) {
    }

    /** The calls a listing read, newest first, and the id of the last call evaluated when the bound ended it. */
    private record Read(List<CallView> calls, String stoppedAfter) {
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
     * @param calls the calls' views, newest first
     * @param hasMore whether more calls may match (the next page may be empty when the bound ended this one)
     * @param nextCursor the cursor of the next page, or null
     */
    public record CallPage(List<CallView> calls, boolean hasMore, String nextCursor) {
    }
}
