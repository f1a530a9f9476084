package com.cordiul.webhooks;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.SortableId;
import com.cordiul.core.Timestamps;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deliveries log: one item per attempt in the deliveries table, under the endpoint's id ({@code pk}) and a
 * time-sortable {@code a#<id>} ({@code sk}), so that an endpoint's recent attempts are one Query, newest first. Each
 * is kept {@link #RETENTION} (TTL {@code expires_at}).
 */
public final class DeliveryLog {

    /** The table's partition key: the endpoint id (or, for delivery state, the same). */
    public static final String PK = "pk";
    /** The table's sort key: {@code a#...} for an attempt, {@code d#<event id>} for a delivery's state. */
    public static final String SK = "sk";
    /** How long an attempt stays in the log. */
    public static final Duration RETENTION = Duration.ofDays(30);

    static final String ATTEMPT_PREFIX = "a#";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Random random = new Random();

    public DeliveryLog(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records one attempt. */
    public void record(DeliveryAttempt attempt) {
        Map<String, AttributeValue> item = new HashMap<>();
        String sortable;
        synchronized (random) {
            sortable = SortableId.at(attempt.at(), random);
        }
        item.put(PK, AttributeValue.fromS(attempt.endpointId()));
        item.put(SK, AttributeValue.fromS(ATTEMPT_PREFIX + sortable));
        item.put("event_id", AttributeValue.fromS(attempt.eventId()));
        item.put("type", AttributeValue.fromS(attempt.type()));
        item.put("attempt", AttributeValue.fromN(Integer.toString(attempt.attempt())));
        if (attempt.statusCode() != null) {
            item.put("status_code", AttributeValue.fromN(Integer.toString(attempt.statusCode())));
        }
        if (attempt.error() != null) {
            item.put("error", AttributeValue.fromS(attempt.error()));
        }
        item.put("duration_ms", AttributeValue.fromN(Long.toString(attempt.durationMs())));
        item.put("at", AttributeValue.fromS(Timestamps.format(attempt.at())));
        item.put("expires_at", AttributeValue.fromN(Long.toString(attempt.at().plus(RETENTION).getEpochSecond())));
        call(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)));
    }

    /** The endpoint's most recent attempts, newest first. */
    public List<DeliveryAttempt> recent(String endpointId, int limit) {
        return call(() -> dynamoDb.query(b -> b.tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(endpointId),
                        ":prefix", AttributeValue.fromS(ATTEMPT_PREFIX)))
                .scanIndexForward(false)
                .limit(limit))
                .items().stream().map(item -> toAttempt(endpointId, item)).toList());
    }

    private static DeliveryAttempt toAttempt(String endpointId, Map<String, AttributeValue> item) {
        AttributeValue status = item.get("status_code");
        AttributeValue error = item.get("error");
        return new DeliveryAttempt(endpointId, item.get("event_id").s(), item.get("type").s(),
                Integer.parseInt(item.get("attempt").n()), status == null ? null : Integer.parseInt(status.n()),
                error == null ? null : error.s(), Long.parseLong(item.get("duration_ms").n()),
                Timestamps.parse(item.get("at").s()));
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new StoreUnavailableException("The webhook store is unavailable. Please retry shortly.", 1, e);
        }
    }
}
