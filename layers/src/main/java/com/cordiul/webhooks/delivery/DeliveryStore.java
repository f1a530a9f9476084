package com.cordiul.webhooks.delivery;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Timestamps;
import com.cordiul.webhooks.DeliveryLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The state of each delivery, in the deliveries table under the endpoint's id ({@code pk}) and {@code d#<event id>}
 * ({@code sk}), beside the deliveries log. A pending delivery is always in the sparse {@code by-due} index, under a
 * lane that says how its next attempt will be triggered ({@code queued#k}: a queue message is on its way, or
 * {@code parked#k}: the reconciler sends one when it comes due) and its due time. That is what makes it impossible
 * to lose: whatever dies, the delivery stays in the index, and the reconciler re-sends the message of any queued
 * delivery long overdue. Every change is one conditional write; a worker changes a delivery only while it holds
 * its lease.
 */
public final class DeliveryStore {

    /** The sparse index of pending deliveries by lane and due time. */
    public static final String BY_DUE = "by-due";
    static final String QUEUED = "queued#";
    static final String PARKED = "parked#";
    static final String STATE_PREFIX = "d#";

    private static final String STATE = "state";
    private static final String LANE = "due_lane";
    private static final String DUE = "due_at";
    private static final String LEASE = "lease_until";
    private static final String ATTEMPT = "attempt";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DeliveryStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The table's key of a delivery. */
    public static Map<String, AttributeValue> key(String endpointId, String eventId) {
        return Map.of(DeliveryLog.PK, AttributeValue.fromS(endpointId),
                DeliveryLog.SK, AttributeValue.fromS(STATE_PREFIX + eventId));
    }

    /** The lane name of a delivery (queued or parked) of this event. */
    static String lane(boolean parked, String eventId) {
        return (parked ? PARKED : QUEUED) + Lanes.of(eventId);
    }

    /** Records a new pending delivery, its first attempt due now and its message on its way; false if it exists. */
    public boolean create(String owner, Target target, String eventId, String type, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(target.endpointId(), eventId));
        item.put("owner", AttributeValue.fromS(owner));
        item.put("slot", AttributeValue.fromN(Integer.toString(target.slot())));
        item.put("type", AttributeValue.fromS(type));
        item.put(STATE, AttributeValue.fromS(DeliveryState.PENDING.value()));
        item.put(ATTEMPT, AttributeValue.fromN("1"));
        item.put(LANE, AttributeValue.fromS(lane(false, eventId)));
        item.put(DUE, millis(now));
        item.put("created_at", AttributeValue.fromS(Timestamps.format(now)));
        try {
            call(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", DeliveryLog.PK))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The delivery, read strongly consistently. */
    public Optional<Delivery> get(String endpointId, String eventId) {
        var response = call(() -> dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(endpointId, eventId))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toDelivery(response.item()))
                : Optional.empty();
    }

    /**
     * Takes the delivery for one attempt until {@code leaseUntil}: only if it is pending, due by {@code latest}
     * (a message far ahead of its delivery's due time is a stale duplicate) and nobody holds it. Its due time becomes
     * the lease's end, so that if this worker dies, the delivery is overdue once the lease ends and the reconciler
     * sends it again. Empty when it cannot be taken.
     */
    public Optional<Delivery> claim(String endpointId, String eventId, Instant now, Instant leaseUntil,
                                    Instant latest) {
        return update(endpointId, eventId, b -> b
                .updateExpression("SET #lease = :lease, #due = :lease, #lane = :lane")
                .conditionExpression("#state = :pending AND #due <= :latest"
                        + " AND (attribute_not_exists(#lease) OR #lease <= :now)")
                .expressionAttributeNames(Map.of("#lease", LEASE, "#due", DUE, "#lane", LANE, "#state", STATE))
                .expressionAttributeValues(Map.of(":lease", millis(leaseUntil), ":now", millis(now),
                        ":latest", millis(latest), ":pending", AttributeValue.fromS(DeliveryState.PENDING.value()),
                        ":lane", AttributeValue.fromS(lane(false, eventId)))));
    }

    /** Finishes a claimed delivery; false when the lease was lost meanwhile (another worker took over). */
    public boolean finish(Delivery claimed, DeliveryState state, String outcome, Instant now) {
        Instant lease = claimed.leaseUntil().orElseThrow();
        return update(claimed.endpointId(), claimed.eventId(), b -> b
                .updateExpression("SET #state = :state, #outcome = :outcome, #finished = :finished,"
                        + " #expires = :expires REMOVE #lane, #due, #lease")
                .conditionExpression("#lease = :lease")
                .expressionAttributeNames(Map.of("#state", STATE, "#outcome", "outcome", "#finished", "finished_at",
                        "#expires", "expires_at", "#lane", LANE, "#due", DUE, "#lease", LEASE))
                .expressionAttributeValues(Map.of(":state", AttributeValue.fromS(state.value()),
                        ":outcome", AttributeValue.fromS(outcome),
                        ":finished", AttributeValue.fromS(Timestamps.format(now)),
                        ":expires", AttributeValue.fromN(Long.toString(
                                now.plus(DeliveryLog.RETENTION).getEpochSecond())),
                        ":lease", millis(lease)))).isPresent();
    }

    /**
     * Gives a claimed delivery back with its next attempt (number {@code attempt}) due at {@code dueAt}, in the
     * parked lane when the reconciler is to send its message; false when the lease was lost meanwhile.
     */
    public boolean reschedule(Delivery claimed, int attempt, Instant dueAt, boolean parked, int deferrals) {
        Instant lease = claimed.leaseUntil().orElseThrow();
        return update(claimed.endpointId(), claimed.eventId(), b -> b
                .updateExpression("SET #attempt = :attempt, #due = :due, #lane = :lane, #deferrals = :deferrals"
                        + " REMOVE #lease")
                .conditionExpression("#lease = :lease")
                .expressionAttributeNames(Map.of("#attempt", ATTEMPT, "#due", DUE, "#lane", LANE,
                        "#deferrals", "deferrals", "#lease", LEASE))
                .expressionAttributeValues(Map.of(":attempt", AttributeValue.fromN(Integer.toString(attempt)),
                        ":due", millis(dueAt), ":lane", AttributeValue.fromS(lane(parked, claimed.eventId())),
                        ":deferrals", AttributeValue.fromN(Integer.toString(deferrals)),
                        ":lease", millis(lease)))).isPresent();
    }

    /** The pending deliveries of one lane due at or before {@code before}, soonest first. */
    public List<DueDelivery> due(boolean parked, int lane, Instant before, int limit) {
        var items = call(() -> dynamoDb.query(b -> b.tableName(table).indexName(BY_DUE)
                .keyConditionExpression("#lane = :lane AND #due <= :before")
                .expressionAttributeNames(Map.of("#lane", LANE, "#due", DUE))
                .expressionAttributeValues(Map.of(":lane", AttributeValue.fromS((parked ? PARKED : QUEUED) + lane),
                        ":before", millis(before)))
                .scanIndexForward(true)
                .limit(limit))).items();
        return items.stream().map(item -> new DueDelivery(item.get(DeliveryLog.PK).s(),
                item.get(DeliveryLog.SK).s().substring(STATE_PREFIX.length()),
                Instant.ofEpochMilli(Long.parseLong(item.get(DUE).n())))).toList();
    }

    /** Moves a parked delivery, as seen, to the queued lane (its message is about to be sent); false if it moved. */
    public boolean promote(DueDelivery due) {
        return update(due.endpointId(), due.eventId(), b -> b
                .updateExpression("SET #lane = :queued")
                .conditionExpression("#lane = :parked AND #due = :seen")
                .expressionAttributeNames(Map.of("#lane", LANE, "#due", DUE))
                .expressionAttributeValues(Map.of(":queued", AttributeValue.fromS(lane(false, due.eventId())),
                        ":parked", AttributeValue.fromS(lane(true, due.eventId())),
                        ":seen", millis(due.dueAt())))).isPresent();
    }

    /**
     * Marks a queued delivery, as seen, as due now and counts one more re-send of its message (the one sent was
     * lost, or its worker died); returns it, or empty if it moved meanwhile.
     */
    public Optional<Delivery> requeue(DueDelivery due, Instant now) {
        return update(due.endpointId(), due.eventId(), b -> b
                .updateExpression("SET #due = :now ADD #requeues :one")
                .conditionExpression("#lane = :queued AND #due = :seen AND #state = :pending")
                .expressionAttributeNames(Map.of("#lane", LANE, "#due", DUE, "#requeues", "requeues",
                        "#state", STATE))
                .expressionAttributeValues(Map.of(":queued", AttributeValue.fromS(lane(false, due.eventId())),
                        ":seen", millis(due.dueAt()), ":now", millis(now), ":one", AttributeValue.fromN("1"),
                        ":pending", AttributeValue.fromS(DeliveryState.PENDING.value()))));
    }

    /** Gives up on a pending delivery nobody holds (its message kept failing); false if it moved meanwhile. */
    public boolean abandon(Delivery seen, String outcome, Instant now) {
        Instant due = seen.dueAt().orElseThrow();
        return update(seen.endpointId(), seen.eventId(), b -> b
                .updateExpression("SET #state = :failed, #outcome = :outcome, #expires = :expires"
                        + " REMOVE #lane, #due, #lease")
                .conditionExpression("#due = :seen AND #state = :pending")
                .expressionAttributeNames(Map.of("#state", STATE, "#outcome", "outcome", "#expires", "expires_at",
                        "#lane", LANE, "#due", DUE, "#lease", LEASE))
                .expressionAttributeValues(Map.of(":failed", AttributeValue.fromS(DeliveryState.FAILED.value()),
                        ":outcome", AttributeValue.fromS(outcome), ":seen", millis(due),
                        ":pending", AttributeValue.fromS(DeliveryState.PENDING.value()),
                        ":expires", AttributeValue.fromN(Long.toString(
                                now.plus(DeliveryLog.RETENTION).getEpochSecond()))))).isPresent();
    }

    private Optional<Delivery> update(String endpointId, String eventId, Consumer<UpdateItemRequest.Builder> spec) {
        try {
            var response = call(() -> dynamoDb.updateItem(b -> {
                b.tableName(table).key(key(endpointId, eventId)).returnValues(ReturnValue.ALL_NEW);
                spec.accept(b);
            }));
            return Optional.of(toDelivery(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    private static Delivery toDelivery(Map<String, AttributeValue> item) {
        return new Delivery(item.get(DeliveryLog.PK).s(), item.get(DeliveryLog.SK).s().substring(STATE_PREFIX.length()),
                item.get("owner").s(), Integer.parseInt(item.get("slot").n()), item.get("type").s(),
                DeliveryState.of(item.get(STATE).s()), Integer.parseInt(item.get(ATTEMPT).n()),
                instant(item.get(DUE)), instant(item.get(LEASE)), number(item.get("deferrals")),
                number(item.get("requeues")), item.containsKey("outcome") ? item.get("outcome").s() : null);
    }

    private static int number(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
    }

    private static Optional<Instant> instant(AttributeValue value) {
        return value == null || value.n() == null ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(value.n())));
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException("The webhook delivery store is unavailable.", 1, e);
        }
    }
}
