package com.cordiul.idempotency;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Idempotency keys on the idempotency table, with conditional writes only. Claiming a key stores the request's
 * fingerprint and a pre-assigned call id, in flight, locked for longer than the function can run; completing it
 * stores the response to replay. A claim whose holder died (lock expired, still in flight) is taken over with a
 * compare-and-set on the lock, and the new holder gets the same call id, so the call store's conditional create
 * stays the single point deciding who dials. A refused claim reads the item that refused it from the refusal itself
 * ({@code ReturnValuesOnConditionCheckFailure}), so a replay costs one write, not a write and a read; a store that
 * leaves the item out of its refusal (dynalite) is read instead. Items live 24 hours ({@code expires_at}, epoch
 * seconds); expiry is also checked here, since TTL deletion is lazy (and never happens in dynalite).
 */
public class IdempotencyStore {

    static final String PK = "pk";
    private static final String STATE_IN_FLIGHT = "in_flight";
    private static final String STATE_COMPLETED = "completed";
    private static final int MAX_ROUNDS = 8;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Duration lock;
    private final Duration retention;

    /**
     * @param lock how long a claim is its holder's; must exceed the function timeout
     * @param retention how long a key is remembered
     */
    public IdempotencyStore(DynamoDbClient dynamoDb, String table, Clock clock, Duration lock, Duration retention) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
        this.lock = lock;
        this.retention = retention;
    }

    /** The production settings: a 60 s lock (the create function times out after 15 s), 24 h retention. */
    public static IdempotencyStore standard(DynamoDbClient dynamoDb, String table) {
        return new IdempotencyStore(dynamoDb, table, Clock.systemUTC(), Duration.ofSeconds(60), Duration.ofHours(24));
    }

    /**
     * Claims the key for a request with this fingerprint, proposing a call id. Throws 409 {@code
     * idempotency_key_reused} when the key was used for another request, 409 {@code request_in_progress} while
     * another holder is still working on it.
     */
    public Claim claim(String owner, IdempotencyKey key, String fingerprint, String proposedCallId) {
        String pk = key.storageKey(owner);
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                long now = clock.millis();
                long lockUntil = now + lock.toMillis();
                Refusal claimed = put(pk, fingerprint, proposedCallId, lockUntil, now / 1000 + retention.toSeconds(),
                        "attribute_not_exists(#pk) OR #exp <= :now", Map.of(":now", n(now / 1000)));
                if (claimed == null) {
                    return new Claim.Owned(pk, proposedCallId, lockUntil, false);
                }
                // DynamoDB names the item that refused the claim; only a store that does not (dynalite) is read.
                Map<String, AttributeValue> existing = claimed.item() != null ? claimed.item() : read(pk);
                if (existing == null || number(existing, "expires_at") <= now / 1000) {
                    continue;
                }
                if (!fingerprint.equals(existing.get("request_hash").s())) {
                    throw new IdempotencyKeyReusedException("This Idempotency-Key was already used with a different "
                            + "request; use a new key for a new call.");
                }
                if (STATE_COMPLETED.equals(existing.get("state").s())) {
                    return new Claim.Replay(new StoredResponse((int) number(existing, "response_status"),
                            existing.get("response_kind").s(), existing.get("response_body").s()));
                }
                long heldUntil = number(existing, "lock_until");
                if (heldUntil > now) {
                    long seconds = Math.max(1, Math.min(5, (heldUntil - now + 999) / 1000));
                    throw new RequestInProgressException("A request with this Idempotency-Key is "
                            + "still being processed; retry after the Retry-After delay to get its response.",
                            (int) seconds);
                }
                String callId = existing.get("call_id").s();
                if (put(pk, fingerprint, callId, lockUntil, number(existing, "expires_at"),
                        "#state = :inflight AND lock_until = :held",
                        Map.of(":inflight", s(STATE_IN_FLIGHT), ":held", n(heldUntil))) == null) {
                    Log.warn("idempotency claim taken over from a holder that did not finish", "call_id", callId);
                    return new Claim.Owned(pk, callId, lockUntil, true);
                }
            }
        } catch (SdkException e) {
            throw unavailable(e);
        }
        throw new RequestInProgressException("A request with this Idempotency-Key is still being "
                + "processed; retry after the Retry-After delay to get its response.", 1);
    }

    /** Stores the response to replay; logged, never thrown, when it fails (the lock expiry then recovers it). */
    public void complete(Claim.Owned claim, StoredResponse response) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PK, s(claim.storageKey())))
                    .updateExpression("SET #state = :done, response_status = :status, response_kind = :kind, "
                            + "response_body = :body")
                    .conditionExpression("#state = :inflight AND lock_until = :lock AND call_id = :call")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":done", s(STATE_COMPLETED), ":status", n(response.status()),
                            ":kind", s(response.kind()), ":body", s(response.body()),
                            ":inflight", s(STATE_IN_FLIGHT), ":lock", n(claim.lockUntil()),
                            ":call", s(claim.callId()))));
        } catch (ConditionalCheckFailedException e) {
            Log.warn("idempotency claim was lost before it could be completed", "call_id", claim.callId());
        } catch (SdkException e) {
            Log.error("idempotency record could not be completed; it recovers when its lock expires", e,
                    "call_id", claim.callId());
        }
    }

    /**
     * Gives the key back when the call was known not to be placed and a retry may succeed, so that the client's
     * retry with the same key places the call. Failures are logged: the lock expiry recovers the key anyway.
     */
    public void release(Claim.Owned claim) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(PK, s(claim.storageKey())))
                    .conditionExpression("#state = :inflight AND lock_until = :lock")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":inflight", s(STATE_IN_FLIGHT),
                            ":lock", n(claim.lockUntil()))));
        } catch (ConditionalCheckFailedException e) {
            Log.warn("idempotency claim was lost before it could be released", "call_id", claim.callId());
        } catch (SdkException e) {
            Log.error("idempotency claim could not be released; it frees itself when its lock expires", e,
                    "call_id", claim.callId());
        }
    }

    /** Writes the claim under the condition; null when written, else the refusal (with the old item, if given). */
    private Refusal put(String pk, String fingerprint, String callId, long lockUntil, long expiresAt,
                        String condition, Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk));
        item.put("request_hash", s(fingerprint));
        item.put("call_id", s(callId));
        item.put("state", s(STATE_IN_FLIGHT));
        item.put("lock_until", n(lockUntil));
        item.put("expires_at", n(expiresAt));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(names(condition))
                    .expressionAttributeValues(conditionValues)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return null;
        } catch (ConditionalCheckFailedException e) {
            return new Refusal(e.hasItem() && !e.item().isEmpty() ? e.item() : null);
        }
    }

    /**
     * A claim's conditional write was refused.
     *
     * @param item the item that refused it, as DynamoDB returns it on request; null when the store gave none
     */
    private record Refusal(Map<String, AttributeValue> item) {
    }

    private static Map<String, String> names(String condition) {
        Map<String, String> names = new HashMap<>();
        if (condition.contains("#pk")) {
            names.put("#pk", PK);
        }
        if (condition.contains("#exp")) {
            names.put("#exp", "expires_at");
        }
        if (condition.contains("#state")) {
            names.put("#state", "state");
        }
        return names;
    }

    private Map<String, AttributeValue> read(String pk) {
        var response = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(PK, s(pk))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static StoreUnavailableException unavailable(SdkException e) {
        return new StoreUnavailableException("The idempotency store is unavailable. Nothing was changed and no "
                + "call was placed; retry shortly with the same Idempotency-Key.", 1, e);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
