package com.cordiul.dialer;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStore;
import com.cordiul.core.Environment;
import com.cordiul.dialer.PacerState.ActiveCall;
import com.cordiul.dialer.PacerState.OwnerTurn;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The one pacer every dialer instance shares: one item on the dial control table ({@code pk = pacer}), read
 * consistently, decided by {@link PacerRule}, and written only under the condition that its version is still the one
 * read, so two dialers never both take a slot, nor both the last unit of capacity. A refused write names the item that
 * refused it ({@code ReturnValuesOnConditionCheckFailure}), so the next decision needs no other read; where the store
 * leaves it out (dynalite) it is read again.
 *
 * <p>Calls leave {@code active} by conditional removals that need no version: removing only loosens the capacity a
 * decision counted. A call leaves when it ends ({@link #callEnded}, from the call store's transitions), when its
 * dialer gives its slot back ({@link #withdraw}), or when a repair finds it ended, gone, or never claimed
 * ({@link #repair}): the sweeper repairs on every run, and a dialer refused for capacity at most every 30 s.
 */
public class DialPacer {

    static final String PK = "pk";
    static final String PACER_KEY = "pacer";
    /** A dialer refused for capacity repairs the active calls at most this often. */
    static final long LAZY_REPAIR_EVERY_MS = 30_000;
    private static final int MAX_ROUNDS = 12;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final PacerSettings settings;

    public DialPacer(DynamoDbClient dynamoDb, String table, Clock clock, PacerSettings settings) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
        this.settings = settings;
    }

    /** On {@code DIAL_CONTROL_TABLE}, with the quota of {@code CHIME_CALLS_PER_SECOND} and its active calls. */
    public static DialPacer fromEnvironment(DynamoDbClient dynamoDb, Clock clock) {
        return new DialPacer(dynamoDb, Environment.require("DIAL_CONTROL_TABLE"), clock,
                PacerSettings.fromEnvironment());
    }

    /** The settings. */
    public PacerSettings settings() {
        return settings;
    }

    /**
     * Asks for a slot for the owner's call. A grant's slot is the call's alone: its call is active from now on,
     * until it ends or the slot is given back. Throws {@link StoreUnavailableException} when the pacer cannot be
     * read or written (nothing was granted).
     */
    public PacerDecision request(String owner, String callId) {
        try {
            PacerState state = read();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                PacerRule.Outcome outcome = PacerRule.decide(state, clock.millis(), owner, callId, settings);
                if (outcome.next() == null) {
                    return outcome.decision();
                }
                Optional<PacerState> refusing = write(state, outcome.next(), callId);
                if (refusing == null) {
                    return outcome.decision();
                }
                state = refusing.isPresent() ? refusing.get() : read();
            }
        } catch (SdkException e) {
            throw unavailable(e);
        }
        // Many dialers wrote at once: this one tries again shortly, as if refused for the pace.
        return new PacerDecision.Refused(PacerDecision.Reason.PACE, settings.intervalMs());
    }

    /** Gives a granted slot back: its call was not placed (claim lost, Chime refused without placing it). */
    public void withdraw(String callId, long slotAt) {
        remove(callId, "active.#c.t = :t", Map.of(":t", n(slotAt)));
    }

    /**
     * Frees the call's slot if it was granted longer ago than the grace for a claim: for a dialer that finds its
     * call still waiting while the pacer says it holds a slot (an earlier attempt died between slot and claim).
     * Returns whether a slot was freed.
     */
    public boolean releaseUnclaimed(String callId) {
        try {
            ActiveCall slot = read().active().get(callId);
            return slot != null && clock.millis() - slot.grantedAt() > settings.unclaimedMs()
                    && remove(callId, "active.#c.t = :t", Map.of(":t", n(slot.grantedAt())));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** The call ended: its active slot is free (nothing happens when it holds none). */
    public void callEnded(String callId) {
        remove(callId, "attribute_exists(active.#c)", Map.of());
    }

    /** The pacer's state now, read consistently. */
    public PacerState read() {
        var item = dynamoDb.getItem(b -> b.tableName(table).key(key()).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(PacerItems.emptyItem())
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK)));
            } catch (ConditionalCheckFailedException e) {
                // Another dialer made it first.
            }
            return read();
        }
        return PacerItems.state(item);
    }

    /**
     * Frees the active slots of calls that ended, no longer exist, or were never claimed within the grace: what a
     * lost HANGUP, a dialer that died between its slot and its claim, or a failed removal left behind. Returns how
     * many it freed. A call that ended without a HANGUP is freed once the sweeper has failed it.
     */
    public int repair(CallStore store) {
        long now = clock.millis();
        int freed = 0;
        for (Map.Entry<String, ActiveCall> e : read().active().entrySet()) {
            ActiveCall slot = e.getValue();
            Optional<CallRecord> call = store.find(slot.owner(), e.getKey());
            boolean gone = call.isEmpty() || call.get().status().isTerminal()
                    || !call.get().dialed() && now - slot.grantedAt() > settings.unclaimedMs();
            if (gone && remove(e.getKey(), "active.#c.t = :t", Map.of(":t", n(slot.grantedAt())))) {
                freed++;
                Log.info("pacer slot repaired", "call_id", e.getKey(),
                        "call_status", call.map(c -> c.status().value()).orElse("missing"));
            }
        }
        return freed;
    }

    /** A repair, unless one ran within the last 30 s (one dialer wins the turn with a conditional write). */
    public int repairLazily(CallStore store) {
        try {
            PacerState state = read();
            long now = clock.millis();
            if (now - state.repairedAt() < LAZY_REPAIR_EVERY_MS) {
                return 0;
            }
            dynamoDb.updateItem(b -> b.tableName(table).key(key())
                    .updateExpression("SET repaired_at = :now")
                    .conditionExpression("repaired_at = :was")
                    .expressionAttributeValues(Map.of(":now", n(now), ":was", n(state.repairedAt()))));
            return repair(store);
        } catch (ConditionalCheckFailedException e) {
            return 0;
        } catch (SdkException | StoreUnavailableException e) {
            Log.warn("the pacer's lazy repair did not run; the sweeper repairs it", "error_type",
                    e.getClass().getName());
            return 0;
        }
    }

    /** Writes the next state if the version is still the one read: null when written, else the refusing item. */
    private Optional<PacerState> write(PacerState read, PacerState next, String callId) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder update = new StringBuilder("SET v = :v1, owners = :owners");
        values.put(":v1", n(next.version()));
        values.put(":v", n(read.version()));
        values.put(":owners", PacerItems.owners(next.owners()));
        if (next.nextAt() != read.nextAt()) {
            update.append(", next_at = :next");
            values.put(":next", n(next.nextAt()));
        }
        ActiveCall granted = next.active().get(callId);
        if (granted != null && !read.active().containsKey(callId)) {
            update.append(", active.#c = :slot");
            names.put("#c", callId);
            values.put(":slot", PacerItems.active(granted));
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key()).updateExpression(update.toString())
                    .conditionExpression("v = :v")
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return null;
        } catch (ConditionalCheckFailedException e) {
            return e.hasItem() && !e.item().isEmpty() ? Optional.of(PacerItems.state(e.item())) : Optional.empty();
        }
    }

    /** A conditional removal from {@code active}; false when the condition did not hold or the store failed. */
    private boolean remove(String callId, String condition, Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key()).updateExpression("REMOVE active.#c")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#c", callId))
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            Log.error("a pacer slot could not be freed; a repair frees it", e, "call_id", callId);
            return false;
        }
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(PK, AttributeValue.fromS(PACER_KEY));
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static StoreUnavailableException unavailable(SdkException e) {
        return new StoreUnavailableException("The dial pacer is unavailable; nothing was dialed.", 5, e);
    }

    /** For tests: the turn an owner holds now, if the pacer remembers it. */
    Optional<OwnerTurn> turnOf(String owner) {
        return Optional.ofNullable(read().owners().get(owner));
    }
}
