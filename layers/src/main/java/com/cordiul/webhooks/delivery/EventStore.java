package com.cordiul.webhooks.delivery;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The events table: partition key {@code owner}, sort key {@code id}; the persistent record of every event, its body
 * as delivered. It is also the pipeline's outbox: an event not yet fanned out carries {@code fanout} (its lane) and
 * {@code fanout_at}, which put it in the sparse {@code by-fanout} index until the fan-out is done, so the reconciler
 * finds every event whose fan-out a crash interrupted.
 */
public final class EventStore {

    /** The sparse index of events waiting to be fanned out. */
    public static final String BY_FANOUT = "by-fanout";
    static final String OWNER = "owner";
    static final String ID = "id";
    static final String FANOUT = "fanout";
    static final String FANOUT_AT = "fanout_at";
    static final String TARGETS = "targets";
    static final String LANE_PREFIX = "fanout#";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public EventStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The table's key of an event. */
    public static Map<String, AttributeValue> key(String owner, String id) {
        return Map.of(OWNER, AttributeValue.fromS(owner), ID, AttributeValue.fromS(id));
    }

    /** Records the event as waiting for its fan-out; false when an event with its id was recorded before. */
    public boolean record(String owner, WebhookEvent event, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(owner, event.id()));
        item.put("type", AttributeValue.fromS(event.type()));
        item.put("created_at", AttributeValue.fromS(Timestamps.format(event.createdAt())));
        item.put("sequence", AttributeValue.fromN(Long.toString(event.sequence())));
        item.put("body", AttributeValue.fromS(event.body()));
        item.put(FANOUT, AttributeValue.fromS(LANE_PREFIX + Lanes.of(event.id())));
        item.put(FANOUT_AT, AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        try {
            call(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The event, read strongly consistently. */
    public Optional<StoredEvent> get(String owner, String id) {
        var response = call(() -> dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(owner, id))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toEvent(response.item()))
                : Optional.empty();
    }

    /**
     * The owner's events whose ids start with the prefix (a call's events: {@code StatusEvents.prefix}), in id
     * order, at most {@code limit}: their bodies exactly as delivered.
     */
    public List<StoredEvent> withPrefix(String owner, String prefix, int limit) {
        var items = call(() -> dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#owner = :owner AND begins_with(#id, :prefix)")
                .expressionAttributeNames(Map.of("#owner", OWNER, "#id", ID))
                .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                        ":prefix", AttributeValue.fromS(prefix)))
                .scanIndexForward(true)
                .limit(limit))).items();
        return items.stream().map(EventStore::toEvent).toList();
    }

    /**
     * Fixes the endpoints the event goes to, once: a second fan-out of the same event (after a crash) gets the
     * first one's targets, so that an endpoint registered in between does not receive an older event.
     */
    public List<Target> fixTargets(String owner, String id, List<Target> targets) {
        List<AttributeValue> list = new ArrayList<>();
        for (Target target : targets) {
            list.add(AttributeValue.fromM(Map.of("endpoint_id", AttributeValue.fromS(target.endpointId()),
                    "slot", AttributeValue.fromN(Integer.toString(target.slot())))));
        }
        try {
            var response = call(() -> dynamoDb.updateItem(b -> b.tableName(table).key(key(owner, id))
                    .updateExpression("SET #targets = :targets")
                    .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#targets)")
                    .expressionAttributeNames(Map.of("#id", ID, "#targets", TARGETS))
                    .expressionAttributeValues(Map.of(":targets", AttributeValue.fromL(list)))
                    .returnValues(ReturnValue.ALL_NEW)));
            return toEvent(response.attributes()).targets().orElse(List.of());
        } catch (ConditionalCheckFailedException e) {
            return get(owner, id).flatMap(StoredEvent::targets).orElse(List.of());
        }
    }

    /** Takes the event out of the outbox: its deliveries are recorded and enqueued. */
    public void markFannedOut(String owner, String id) {
        try {
            call(() -> dynamoDb.updateItem(b -> b.tableName(table).key(key(owner, id))
                    .updateExpression("REMOVE #fanout, #at")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID, "#fanout", FANOUT, "#at", FANOUT_AT))));
        } catch (ConditionalCheckFailedException e) {
            // The event is gone (never expected): there is nothing left to mark.
        }
    }

    /** The oldest events of a lane still waiting for their fan-out, oldest first. */
    public List<Waiting> waiting(int lane, int limit) {
        var items = call(() -> dynamoDb.query(b -> b.tableName(table).indexName(BY_FANOUT)
                .keyConditionExpression("#fanout = :lane")
                .expressionAttributeNames(Map.of("#fanout", FANOUT))
                .expressionAttributeValues(Map.of(":lane", AttributeValue.fromS(LANE_PREFIX + lane)))
                .scanIndexForward(true)
                .limit(limit))).items();
        return items.stream().map(item -> new Waiting(item.get(OWNER).s(), item.get(ID).s(),
                Instant.ofEpochMilli(Long.parseLong(item.get(FANOUT_AT).n())))).toList();
    }

    /**
     * An event waiting in the outbox.
     *
     * @param owner its owner
     * @param id    its id
     * @param since when it was recorded
     */
    public record Waiting(String owner, String id, Instant since) {
    }

    private static StoredEvent toEvent(Map<String, AttributeValue> item) {
        AttributeValue targets = item.get(TARGETS);
        Optional<List<Target>> fixed = targets == null || !targets.hasL() ? Optional.empty()
                : Optional.of(targets.l().stream().map(t -> new Target(t.m().get("endpoint_id").s(),
                        Integer.parseInt(t.m().get("slot").n()))).toList());
        return new StoredEvent(item.get(OWNER).s(), item.get(ID).s(), item.get("type").s(), item.get("body").s(),
                item.containsKey(FANOUT), fixed);
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException("The webhook event store is unavailable.", 1, e);
        }
    }
}
