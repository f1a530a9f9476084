package com.cordiul.calls;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.DialOutcome;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.MalformedJsonException;
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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Places calls: records the call {@code initiating} before anything is dialed, dials once, then records Chime's
 * answer as a fact. With an Idempotency-Key, the key is claimed first with a pre-assigned call id, and the call
 * store's conditional create decides who dials: a request never dials a call that already exists.
 *
 * <p>The order of one request: validate ({@link #parse}); claim the Idempotency-Key, which answers a replay at once;
 * admit the call against the creation limits (a refusal gives the key back); record; dial; record the outcome;
 * store the answer for replays. So only an accepted call counts against the creation limits, and a call the limits
 * refuse leaves nothing behind.
 */
public class CallService {

    /** Sent with a 202: Chime gave no usable answer, so the call's fate is not known yet. */
    public static final String UNCONFIRMED_DETAIL = "The telephony provider did not confirm the call. It may be "
            + "ringing; its status will update when the provider reports it. Do not retry it as a new call.";

    static final String INVALID_REASON = "The telephony provider refused to place the call: check that "
            + "phone_number is a reachable destination and from_number is a number of this account.";
    static final String CAPACITY_REASON = "The telephony provider's limit of concurrent calls was reached; the call "
            + "was not placed.";
    static final String CONFIGURATION_REASON = "The telephony provider refused Cordiul's credentials or "
            + "configuration; the call was not placed.";
    static final String BUSY_REASON = "The telephony provider was too busy to take the call; it was not placed.";
    static final int CAPACITY_RETRY_SECONDS = 30;
    static final int BUSY_RETRY_SECONDS = 2;

    private final CallStore store;
    private final IdempotencyStore idempotency;
    private final ChimeDialer dialer;
    private final CallerNumbers numbers;
    private final Clock clock;
    private final CallStatusMachine machine = new CallStatusMachine();

    public CallService(CallStore store, IdempotencyStore idempotency, ChimeDialer dialer, CallerNumbers numbers,
                       Clock clock) {
        this.store = store;
        this.idempotency = idempotency;
        this.dialer = dialer;
        this.numbers = numbers;
        this.clock = clock;
    }

    /** Validates the body against the configured caller numbers. */
    public CreateCallRequest parse(Map<String, Object> body) {
        return CreateCallRequest.parse(body, numbers);
    }

    /**
     * Creates and dials a call at most once per owner and Idempotency-Key. The request was validated already; the
     * call counts against the creation limits ({@code admission}) only when it is new: a replay of an earlier
     * answer, and a retry that takes over a claim whose holder was admitted, do not count again.
     */
    public CreateCallResult create(String owner, CreateCallRequest request, Optional<IdempotencyKey> key,
                                   CallAdmission admission) {
        String proposedId = CallIds.next(clock.instant());
        if (key.isEmpty()) {
            admission.admit();
            return place(owner, proposedId, request);
        }
        Claim claim = claim(owner, key.get(), request, proposedId);
        if (claim instanceof Claim.Replay replay) {
            Metrics.count(Metric.IDEMPOTENT_REPLAYS);
            return replay(replay.response());
        }
        Claim.Owned owned = (Claim.Owned) claim;
        if (!owned.takeover()) {
            try {
                admission.admit();
            } catch (RuntimeException refused) {
                // Nothing recorded, nothing dialed: the key is free for the client's retry.
                idempotency.release(owned);
                throw refused;
            }
        }
        CreateCallResult result;
        try {
            result = place(owner, owned.callId(), request);
        } catch (CallRejectedException e) {
            completeQuietly(owned, new StoredResponse(400, StoredResponse.REJECTED, e.getMessage()));
            throw e;
        } catch (TelephonyCapacityException | TelephonyBusyException | TelephonyConfigurationException
                 | StoreUnavailableException e) {
            // Known not placed, and a retry may succeed: the client's retry with this key must be able to place it.
            idempotency.release(owned);
            throw e;
        }
        completeQuietly(owned, new StoredResponse(result.status(), StoredResponse.SUCCESS, Json.write(result.data())));
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
     * Stores the response for replays. The call's fate is already decided and recorded, so failing to store the
     * response must not turn this answer into an error: a retry with the key waits out the claim, then takes it
     * over, finds the call recorded and answers with it, without dialing.
     */
    private void completeQuietly(Claim.Owned owned, StoredResponse response) {
        try {
            idempotency.complete(owned, response);
        } catch (StoreUnavailableException e) {
            Log.error("the idempotent response could not be stored; a retry will find the call instead", e);
        }
    }

    private CreateCallResult place(String owner, String callId, CreateCallRequest request) {
        long admitted = System.nanoTime();
        CallRecord record = CallRecord.initiating(owner, callId, request.contactId(), request.phoneNumber(),
                request.fromNumber(), request.message(), CallIds.instantOf(callId));
        if (!store.create(record)) {
            // An earlier holder of this Idempotency-Key recorded the call and may have dialed it: never again.
            CallRecord existing = store.find(owner, callId).orElseThrow(() -> new StoreUnavailableException(
                    "The call store is unavailable; retry shortly.", 1, null));
            Log.warn("call already recorded by an earlier attempt; not dialing it again", "call_id", callId,
                    "status", existing.status().value());
            return asItStands(existing);
        }
        Log.put("call_id", callId);
        Metrics.count(Metric.CALLS_ACCEPTED);
        Metrics.time(Metric.ACCEPT_TO_DIAL_LATENCY, Duration.ofNanos(System.nanoTime() - admitted));
        DialOutcome outcome = dialer.dial(request.fromNumber(), request.phoneNumber(),
                Map.of("call_id", callId, "owner", owner));
        if (outcome instanceof DialOutcome.Accepted accepted) {
            CallRecord stored = record(record, CallEvent.dialAccepted(clock.instant(), accepted.transactionId()));
            logOutcome("call placed", stored);
            return new CreateCallResult(201, CallView.of(stored), false);
        }
        if (outcome instanceof DialOutcome.Uncertain) {
            CallRecord current = currentOr(record);
            logOutcome("call not confirmed by the provider; left initiating", current);
            return unconfirmed(current);
        }
        if (outcome instanceof DialOutcome.Throttled) {
            logOutcome("call not placed: provider busy", record(record,
                    CallEvent.dialRejected(clock.instant(), BUSY_REASON)));
            throw new TelephonyBusyException("The telephony provider is busy; the call was not placed. Retry after "
                    + "the Retry-After delay.", BUSY_RETRY_SECONDS);
        }
        DialOutcome.Rejected rejected = (DialOutcome.Rejected) outcome;
        switch (rejected.kind()) {
            case INVALID_REQUEST -> {
                logOutcome("call refused by the provider", record(record,
                        CallEvent.dialRejected(clock.instant(), INVALID_REASON)));
                throw new CallRejectedException(INVALID_REASON);
            }
            case CAPACITY -> {
                logOutcome("call not placed: capacity", record(record,
                        CallEvent.dialRejected(clock.instant(), CAPACITY_REASON)));
                throw new TelephonyCapacityException("Too many calls are in progress; the call was not placed. "
                        + "Retry after the Retry-After delay.", CAPACITY_RETRY_SECONDS);
            }
            default -> {
                logOutcome("call not placed: telephony configuration", record(record,
                        CallEvent.dialRejected(clock.instant(), CONFIGURATION_REASON)));
                throw new TelephonyConfigurationException("The call could not be placed because of a telephony "
                        + "problem on our side. It was not placed; please retry later.");
            }
        }
    }

    /** Applies the fact; if the store fails now, the call still happened: log, and answer from what is known. */
    private CallRecord record(CallRecord initial, CallEvent event) {
        try {
            return CallMetrics.update(store, initial.owner(), initial.id(), event.at(), r -> machine.apply(r, event))
                    .orElseGet(() -> machine.apply(initial, event));
        } catch (StoreUnavailableException e) {
            Log.error("the dial's outcome could not be recorded; call events or the sweeper will settle it", e,
                    "call_id", initial.id(), "fact", event.type().name());
            return machine.apply(initial, event);
        }
    }

    private CallRecord currentOr(CallRecord initial) {
        try {
            return store.find(initial.owner(), initial.id()).orElse(initial);
        } catch (StoreUnavailableException e) {
            return initial;
        }
    }

    private static CreateCallResult asItStands(CallRecord call) {
        if (call.status() == CallStatus.INITIATING && call.transactionId() == null) {
            return unconfirmed(call);
        }
        return new CreateCallResult(201, CallView.of(call), false);
    }

    private static CreateCallResult unconfirmed(CallRecord call) {
        return new CreateCallResult(202, CallView.unconfirmed(call, UNCONFIRMED_DETAIL), false);
    }

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

    private static void logOutcome(String message, CallRecord call) {
        Log.info(message, "call_id", call.id(), "status", call.status().value(),
                "to", Redact.phone(call.phoneNumber()), "from", Redact.phone(call.fromNumber()));
    }
}
