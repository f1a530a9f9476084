package com.cordiul.dialqueue;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Environment;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Each owner's count of calls not dialed yet, bounded by {@code CALL_QUEUE_DEPTH_LIMIT}: one counter item per owner
 * on the dial control table ({@code pk = depth#<owner>}), changed only by conditional writes. create-call admits a
 * call with one conditional increment ({@code depth < limit}) before it queues it; the call leaving the queue for good
 * (dialed, canceled or failed before its dial) takes it off again.
 *
 * <p>The counter may only ever leak upwards: every step that could die between two writes takes a call off after
 * the fact that justifies it is stored, never before, so a crash leaves the count too high, never too low. A too-high
 * count refuses too early, so a refusal recounts, lazily, from the calls themselves ({@link WaitingCalls}), at most
 * once a minute per owner. The recount must not undercount a create that has counted its call but not recorded it yet
 * (it records within the create function's timeout): it adds every admission made since a mark taken at least a
 * minute earlier, and two minutes at most (older marks are taken again). The result is the truth plus at most the
 * calls admitted in those two minutes, which an owner at its limit admits only as fast as calls are dialed.
 */
public class QueueDepth {

    /** A mark must be this old before a recount may use it: longer than create-call can take (15 s). */
    static final Duration MARK_MIN_AGE = Duration.ofMinutes(1);
    /** Older marks are taken again: they would count too many admissions twice. */
    static final Duration MARK_MAX_AGE = Duration.ofMinutes(2);
    /** The Retry-After of a refusal: the queue drains at the dial pace. */
    static final int FULL_RETRY_SECONDS = 60;

    private static final String PK = "pk";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final long limit;
    private final WaitingCalls waiting;

    public QueueDepth(DynamoDbClient dynamoDb, String table, Clock clock, long limit, WaitingCalls waiting) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
        this.limit = limit;
        this.waiting = waiting;
    }

    /** On {@code DIAL_CONTROL_TABLE}, limited by {@code CALL_QUEUE_DEPTH_LIMIT} (default 10,000). */
    public static QueueDepth fromEnvironment(DynamoDbClient dynamoDb, WaitingCalls waiting) {
        return new QueueDepth(dynamoDb, Environment.require("DIAL_CONTROL_TABLE"), Clock.systemUTC(),
                Long.parseLong(Environment.getOrDefault("CALL_QUEUE_DEPTH_LIMIT", "10000").trim()), waiting);
    }

    /** The limit. */
    public long limit() {
        return limit;
    }

    /**
     * Counts one more call for the owner, or refuses with {@link QueueFullException} when the owner has the limit's
     * worth waiting already (after a recount, when one is due). Throws {@link StoreUnavailableException} when the
     * counter cannot be written; then nothing was counted.
     */
    public void admit(String owner) {
        try {
            Map<String, AttributeValue> refusing = increment(owner);
            if (refusing == null) {
                return;
            }
            if (recount(owner, refusing) && increment(owner) == null) {
                return;
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("The call queue's counter is unavailable. Nothing was queued or "
                    + "recorded; retry shortly.", 1, e);
        }
        throw new QueueFullException("Too many calls are waiting to be dialed for this account (at most " + limit
                + "). Retry after the Retry-After delay, as the queue drains.", FULL_RETRY_SECONDS);
    }

    /** Takes one call off the owner's count (never below 0). A failure is logged: it leaves the count too high. */
    public void release(String owner) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(owner))
                    .updateExpression("ADD #d :minus")
                    .conditionExpression("#d > :zero")
                    .expressionAttributeNames(Map.of("#d", "depth"))
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException e) {
            // Already 0: a recount set it lower than the admissions it had seen. Nothing to take off.
        } catch (SdkException e) {
            Log.error("the call queue's counter could not be decreased; a recount repairs it", e, "owner", owner);
        }
    }

    /** The owner's count now (for tests and operators). */
    public long depth(String owner) {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key(owner)).consistentRead(true)).item();
        return item == null || !item.containsKey("depth") ? 0 : Long.parseLong(item.get("depth").n());
    }

    /** Null when counted, else the counter item that refused (from the refusal, or read where the store omits it). */
    private Map<String, AttributeValue> increment(String owner) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(owner))
                    .updateExpression("ADD #d :one, adds :one")
                    .conditionExpression("attribute_not_exists(#d) OR #d < :limit")
                    .expressionAttributeNames(Map.of("#d", "depth"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return null;
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
                return e.item();
            }
            var item = dynamoDb.getItem(b -> b.tableName(table).key(key(owner)).consistentRead(true)).item();
            return item == null ? Map.of() : item;
        }
    }

    /**
     * Recounts when a mark of the right age exists (returns whether the count was set), or takes a new mark when
     * there is none or it is too old. One recount per mark: the write is conditional on the mark it used.
     */
    private boolean recount(String owner, Map<String, AttributeValue> counter) {
        long now = clock.millis();
        long markAt = number(counter, "mark_at");
        long age = now - markAt;
        if (markAt > 0 && age >= MARK_MIN_AGE.toMillis() && age <= MARK_MAX_AGE.toMillis()) {
            long counted = waiting.count(owner);
            long markAdds = number(counter, "mark_adds");
            try {
                // depth = counted + every admission since the mark; the next recount starts from a mark taken now.
                dynamoDb.updateItem(b -> b.tableName(table).key(key(owner))
                        .updateExpression("SET #d = adds - :k, mark_adds = adds, mark_at = :now")
                        .conditionExpression("mark_at = :mark")
                        .expressionAttributeNames(Map.of("#d", "depth"))
                        .expressionAttributeValues(Map.of(":k", n(markAdds - counted), ":now", n(now),
                                ":mark", n(markAt))));
                Log.info("call queue recounted", "owner", owner, "waiting", counted,
                        "was", number(counter, "depth"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return true;
            }
        }
        if (markAt == 0 || age > MARK_MAX_AGE.toMillis()) {
            try {
                dynamoDb.updateItem(b -> b.tableName(table).key(key(owner))
                        .updateExpression("SET mark_adds = adds, mark_at = :now")
                        .conditionExpression(markAt == 0 ? "attribute_not_exists(mark_at)" : "mark_at = :mark")
                        .expressionAttributeValues(markAt == 0 ? Map.of(":now", n(now))
                                : Map.of(":now", n(now), ":mark", n(markAt))));
            } catch (ConditionalCheckFailedException e) {
                // Another refusal marked it first.
            }
        }
        return false;
    }

    private static Map<String, AttributeValue> key(String owner) {
        return Map.of(PK, AttributeValue.fromS("depth#" + owner));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
