package com.cordiul.calls;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.MalformedJsonException;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.dialqueue.QueueFullException;
import com.cordiul.dialqueue.QueueUnavailableException;
import com.cordiul.idempotency.Claim;
import com.cordiul.idempotency.IdempotencyKey;
import com.cordiul.idempotency.IdempotencyKeyReusedException;
import com.cordiul.idempotency.IdempotencyStore;
import com.cordiul.idempotency.RequestInProgressException;
import com.cordiul.idempotency.StoredResponse;
import com.cordiul.logging.Log;
import com.cordiul.logging.Redact;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts calls: a valid call is counted against its owner's queue, put on the dial queue and recorded
 * {@code initiating}, and answered at once; the dialer places it at the provider's pace. With an Idempotency-Key,
 * the key is claimed first with a pre-assigned call id, so that however often a request is retried its call has
 * one id, and the dialer's claim on that call's record decides the one dial.
 *
 * <p>The order of one request: validate ({@link #parse}); claim the Idempotency-Key, which answers a replay at once;
 * admit the call against the creation limits; count it against the owner's queue ({@link QueueDepth}); send its dial
 * message; record it; store the answer for replays. Sending before recording means a crash between the two leaves a
 * message without a call, which the dialer drops after a grace period, rather than a recorded call nobody dials. A
 * refusal at any step before the send leaves nothing behind: the key and the queue count are given back.
 */
public class CallService {

    private final CallStore store;
    private final IdempotencyStore idempotency;
    private final QueueDepth depth;
    private final DialQueue queue;
    private final CallerNumbers numbers;
    private final Clock clock;

    public CallService(CallStore store, IdempotencyStore idempotency, QueueDepth depth, DialQueue queue,
                       CallerNumbers numbers, Clock clock) {
        this.store = store;
        this.idempotency = idempotency;
        this.depth = depth;
        this.queue = queue;
        this.numbers = numbers;
        this.clock = clock;
    }

    /** Validates the body against the configured caller numbers. */
    public CreateCallRequest parse(Map<String, Object> body) {
        return CreateCallRequest.parse(body, numbers);
    }

    /**
     * Accepts a call at most once per owner and Idempotency-Key. The request was validated already; the call counts
     * against the creation limits ({@code admission}) only when it is new: a replay of an earlier answer, and a retry
     * that takes over a claim whose holder was admitted, do not count again.
     */
    public CreateCallResult create(String owner, CreateCallRequest request, Optional<IdempotencyKey> key,
                                   CallAdmission admission) {
        String proposedId = CallIds.next(clock.instant());
        if (key.isEmpty()) {
            admission.admit();
            return accept(owner, proposedId, request);
        }
        Claim claim = claim(owner, key.get(), request, proposedId);
        if (claim instanceof Claim.Replay replay) {
            Metrics.count(Metric.IDEMPOTENT_REPLAYS);
            return replay(replay.response());
        }
        Claim.Owned owned = (Claim.Owned) claim;
        if (owned.takeover()) {
            // The earlier holder may have queued and recorded the call: then it stands, and is not queued again. A
            // store that does not answer now keeps the key claimed (the call may exist).
            Optional<CallRecord> existing = store.find(owner, owned.callId());
            if (existing.isPresent()) {
                Log.warn("call already recorded by an earlier attempt; answered as it stands", "call_id",
                        owned.callId(), "status", existing.get().status().value());
                CreateCallResult result = new CreateCallResult(201, CallView.of(existing.get()), false);
                completeQuietly(owned, result);
                return result;
            }
        }
        CreateCallResult result;
        try {
            if (!owned.takeover()) {
                admission.admit();
            }
            result = accept(owner, owned.callId(), request);
        } catch (CallNotRecordedException e) {
            // The call may be recorded: the key stays claimed, so the client's retry finds it (or makes it) once.
            throw e;
        } catch (RuntimeException refused) {
            // Nothing recorded, nothing queued that could dial: the key is free for the client's retry.
            idempotency.release(owned);
            throw refused;
        }
        completeQuietly(owned, result);
        return result;
    }

    /** Claims the key; a 409 is counted by why. */
    private Claim claim(String owner, IdempotencyKey key, CreateCallRequest request, String proposedId) {
        try {
            return idempotency.claim(owner, key, request.fingerprint(), proposedId);
        } catch (IdempotencyKeyReusedException e) {
            Metrics.count(Metric.IDEMPOTENCY_CONFLICTS, "key_reused");
            throw e;
        } catch (RequestInProgressException e) {
            Metrics.count(Metric.IDEMPOTENCY_CONFLICTS, "in_progress");
            throw e;
        }
    }

    /**
     * Counts, queues and records the call. The queue count is given back if the message is not sent; once it is
     * sent, a failure to record keeps the count (the call may exist), which a recount corrects if it does not.
     */
    private CreateCallResult accept(String owner, String callId, CreateCallRequest request) {
        try {
            depth.admit(owner);
        } catch (QueueFullException full) {
            Metrics.count(Metric.QUEUE_FULL);
            throw full;
        }
        try {
            queue.send(DialMessage.of(owner, callId));
        } catch (QueueUnavailableException e) {
            depth.release(owner);
            Log.error("the dial queue did not take the call; nothing recorded", e, "call_id", callId);
            throw e;
        }
        CallRecord record = CallRecord.initiating(owner, callId, request.contactId(), request.phoneNumber(),
                request.fromNumber(), request.message(), request.metadata(), CallIds.instantOf(callId));
        boolean created;
        try {
            created = store.create(record);
        } catch (StoreUnavailableException e) {
            Log.error("the call was queued but its record was not confirmed", e, "call_id", callId);
            throw new CallNotRecordedException("The call could not be confirmed just now. Retry with the same "
                    + "Idempotency-Key to get it (it is placed at most once); without one, check GET "
                    + "/api/calls/list before creating it again.", e);
        }
        if (!created) {
            // An earlier holder of this Idempotency-Key recorded it meanwhile: it stands, dialed at most once.
            CallRecord existing = store.find(owner, callId).orElse(record);
            return new CreateCallResult(201, CallView.of(existing), false);
        }
        Log.put("call_id", callId);
        Metrics.count(Metric.CALLS_ACCEPTED);
        Log.info("call queued", "call_id", callId, "to", Redact.phone(record.phoneNumber()),
                "from", Redact.phone(record.fromNumber()));
        return new CreateCallResult(201, CallView.of(record), false);
    }

    /**
     * Stores the response for replays. The call is already accepted and recorded, so failing to store the response
     * must not turn this answer into an error: a retry with the key waits out the claim, then takes it over, finds
     * the call recorded and answers with it, without queuing it again.
     */
    private void completeQuietly(Claim.Owned owned, CreateCallResult result) {
        try {
            idempotency.complete(owned, new StoredResponse(result.status(), StoredResponse.SUCCESS,
                    Json.write(result.data())));
        } catch (StoreUnavailableException e) {
            Log.error("the idempotent response could not be stored; a retry will find the call instead", e);
        }
    }

    /**
     * Replays a stored answer. A stored refusal ({@code rejected}) comes from the release that dialed inside the
     * request, and is kept for the day such answers live.
     */
    private static CreateCallResult replay(StoredResponse response) {
        if (StoredResponse.REJECTED.equals(response.kind())) {
            throw new CallRejectedException(response.body());
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) Json.parse(response.body());
            return new CreateCallResult(response.status(), JsonWritable.parsed(data), true);
        } catch (MalformedJsonException | ClassCastException e) {
            throw new IllegalStateException("Stored idempotent response is unreadable", e);
        }
    }
}
