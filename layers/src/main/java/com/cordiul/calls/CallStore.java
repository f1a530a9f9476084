package com.cordiul.calls;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.logging.Log;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.PipelineStep;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
 *
 * <p>It is also the outbox of the calls' webhook events (README "Webhooks", events). A call takes a status when a
 * stored write changes the status its facts add up to; that very write raises the call's {@code event_seq} and
 * carries an outbox mark ({@code event_lane}, {@code event_at}: the sparse {@code by-pending-event} index). Once
 * written, the store publishes the event, its body the call's view in the record just written, then clears the
 * mark. The record with the mark is the event's snapshot: every later write of the call first publishes the marked
 * event from the record it read (publishing is idempotent by the event's deterministic id), so a mark never outlives
 * the record it was written with, and a writer that dies after its write leaves a mark that the next writer or the
 * reconciler ({@link StatusEventReconciler}) publishes, with the same id and body.
 */
public class CallStore {

    /** How many times a change is re-read and re-applied after losing a race before giving up. */
    static final int MAX_ATTEMPTS = 16;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final CallTransitions transitions;
    private final CallEventPublisher events;
    private final Clock clock;
    private final CrashPoint crash;

    /** A store whose changes have no effect but the call metrics ({@link CallMetrics}), and publish no event. */
    public CallStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, CallTransitions.NONE);
    }

    /** A store that counts the call metrics of every change it writes, then hands it to {@code transitions}. */
    public CallStore(DynamoDbClient dynamoDb, String table, CallTransitions transitions) {
        this(dynamoDb, table, transitions, null, Clock.systemUTC(), CrashPoint.none());
    }

    /**
     * A store that also publishes an event for every status a call takes through {@code events} (null: none), the
     * times of its events from {@code clock}; {@code crash} is where tests make it die.
     */
    public CallStore(DynamoDbClient dynamoDb, String table, CallTransitions transitions, CallEventPublisher events,
                     Clock clock, CrashPoint crash) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.transitions = (before, after) -> {
            CallMetrics.INSTANCE.stored(before, after);
            transitions.stored(before, after);
        };
        this.events = events;
        this.clock = clock;
        this.crash = crash;
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    /** Stores a new call; false when a call with that id already exists (nothing is overwritten). */
    public boolean create(CallRecord record) {
        CallRecord stored = record.withVersion(1);
        Instant at = events == null ? null : clock.instant();
        Map<String, AttributeValue> item = CallItems.toItem(stored);
        CallItems.putEventMark(item, 1, at);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", CallItems.ID)));
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw unavailable(e);
        }
        if (at != null) {
            settle(new Marked(stored, 1, at), false);
        }
        return true;
    }

    /** The call, read consistently; empty when the owner has no call with that id. */
    public Optional<CallRecord> find(String owner, String id) {
        return read(owner, id, true).map(Marked::call);
    }

    /**
     * The call as an eventually consistent read shows it (half the read units of {@link #find}): possibly a moment
     * old, or missing for a moment after its creation. Only for a reader whose every write after it is conditional
     * on the state it assumed, so that an old copy costs at most a refused write, never a wrong one.
     */
    public Optional<CallRecord> findEventually(String owner, String id) {
        return read(owner, id, false).map(Marked::call);
    }

    private Optional<Marked> read(String owner, String id) {
        return read(owner, id, true);
    }

    private Optional<Marked> read(String owner, String id, boolean consistent) {
        try {
            var response = dynamoDb.getItem(b -> b.tableName(table).key(CallItems.key(owner, id))
                    .consistentRead(consistent));
            if (!response.hasItem() || response.item().isEmpty()) {
                return Optional.empty();
            }
            var item = response.item();
            return Optional.of(new Marked(CallItems.fromItem(item), CallItems.eventSequence(item),
                    CallItems.eventPendingSince(item)));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /**
     * Applies a change to a call: read, apply, write back if the stored version is still the one read, else
     * again. A change that returns the same instance writes nothing. Returns the record as stored afterwards, or
     * empty when the call does not exist. Each change written is handed to the store's {@link CallTransitions}; a
     * change of status is published as an event.
     *
     * @throws StoreUnavailableException when the store, or the event store a marked event must reach first, is down
     */
    public Optional<CallRecord> update(String owner, String id, UnaryOperator<CallRecord> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Marked> current = read(owner, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Marked read = current.get();
            CallRecord before = read.call();
            if (read.pending()) {
                // The snapshot of the last change must be published before anything changes the record.
                publish(read);
            }
            CallRecord after = change.apply(before);
            if (after == before || after.sameFactsAs(before)) {
                if (read.pending()) {
                    clear(read);
                }
                return Optional.of(before);
            }
            CallRecord stored = after.withVersion(before.version() + 1);
            boolean statusChanged = StatusEventRule.takesStatus(before, after);
            long sequence = StatusEventRule.next(read.sequence(), before, after);
            Instant at = statusChanged && events != null ? clock.instant() : null;
            Map<String, AttributeValue> item = CallItems.toItem(stored);
            CallItems.putEventMark(item, sequence, at);
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", CallItems.VERSION))
                        .expressionAttributeValues(Map.of(":v",
                                AttributeValue.fromN(Long.toString(before.version())))));
            } catch (ConditionalCheckFailedException e) {
                // Another writer got there first: re-read its facts and merge ours into them.
                Thread.onSpinWait();
                continue;
            } catch (SdkException e) {
                throw unavailable(e);
            }
            afterWrite(before, stored);
            if (at != null) {
                settle(new Marked(stored, sequence, at), false);
            }
            return Optional.of(stored);
        }
        throw new StoreUnavailableException("The call is being updated by too many writers; retry shortly.", 1,
                null);
    }

    /**
     * Publishes the marked event of a call and clears its mark, if it is still marked: the reconciler's repair of a
     * writer that died, or could not reach the event store, after its write. True when it published one.
     */
    public boolean finishPending(String owner, String id) {
        Optional<Marked> current = read(owner, id);
        if (current.isEmpty() || !current.get().pending()) {
            return false;
        }
        return settle(current.get(), true);
    }

    /** The calls of a lane whose last status event has been marked since before {@code before}, oldest first. */
    public List<CallKey> pendingEvents(int lane, Instant before, int limit) {
        try {
            var response = dynamoDb.query(b -> b.tableName(table).indexName(CallItems.INDEX_BY_PENDING_EVENT)
                    .keyConditionExpression("#lane = :lane AND #at < :before")
                    .expressionAttributeNames(Map.of("#lane", CallItems.EVENT_LANE, "#at", CallItems.EVENT_AT))
                    .expressionAttributeValues(Map.of(":lane", AttributeValue.fromS("lane#" + lane),
                            ":before", AttributeValue.fromN(Long.toString(before.toEpochMilli()))))
                    .scanIndexForward(true)
                    .limit(limit));
            return response.items().stream()
                    .map(item -> new CallKey(item.get(CallItems.OWNER).s(), item.get(CallItems.ID).s())).toList();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** After the marked write: publish, then clear. A failure leaves the mark for the next writer or reconciler. */
    private boolean settle(Marked marked, boolean repair) {
        crash.reached(PipelineStep.STATUS_WRITTEN);
        try {
            publish(marked);
        } catch (StoreUnavailableException e) {
            Log.warn("call status event not published; the reconciler publishes it", "call_id", marked.call().id(),
                    "sequence", marked.sequence());
            return false;
        }
        Metrics.count(repair ? Metric.WEBHOOK_EVENTS_RECONCILED : Metric.WEBHOOK_EVENTS_EMITTED);
        crash.reached(PipelineStep.EVENT_PUBLISHED);
        try {
            clear(marked);
        } catch (StoreUnavailableException e) {
            // Published: the mark left behind only makes a later writer or the reconciler publish it again, once.
            Log.warn("call outbox mark not cleared", "call_id", marked.call().id());
        }
        return true;
    }

    private void publish(Marked marked) {
        if (events != null) {
            events.publish(marked.call(), marked.sequence(), marked.pendingSince());
        }
    }

    /** Removes the mark of that sequence; a later change's mark is left alone. */
    private void clear(Marked marked) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(CallItems.key(marked.call().owner(), marked.call().id()))
                    .updateExpression("REMOVE #lane, #at")
                    .conditionExpression("#seq = :seq AND attribute_exists(#lane)")
                    .expressionAttributeNames(Map.of("#lane", CallItems.EVENT_LANE, "#at", CallItems.EVENT_AT,
                            "#seq", CallItems.EVENT_SEQ))
                    .expressionAttributeValues(Map.of(":seq",
                            AttributeValue.fromN(Long.toString(marked.sequence())))));
        } catch (ConditionalCheckFailedException e) {
            // Cleared already, or a later change holds its own mark.
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private void afterWrite(CallRecord before, CallRecord after) {
        try {
            transitions.stored(before, after);
        } catch (RuntimeException e) {
            // The change is stored whatever its effects do; theirs are repaired by their own owners.
            Log.error("an effect of a stored call change failed", e, "call_id", after.id());
        }
    }

    /** A record as stored, with its event sequence and, while its event may not be published, the mark's time. */
    private record Marked(CallRecord call, long sequence, Instant pendingSince) {
        boolean pending() {
            return pendingSince != null;
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
