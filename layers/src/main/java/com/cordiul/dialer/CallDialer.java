package com.cordiul.dialer;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.CallArguments;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.DialOutcome;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.dialqueue.QueueUnavailableException;
import com.cordiul.logging.Log;
import com.cordiul.logging.Redact;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Dials one queued call, never twice. The order, each step's write before the next step's effect:
 * <ol>
 *   <li>read the call, eventually consistent (waiting briefly for a record just being written or not yet seen); a
 *   call that no longer waits (dialed by an earlier attempt, canceled, ended) or never appeared is done with. An old
 *   copy is harmless: the claim below is conditional, so a call dialed or canceled meanwhile is never claimed;</li>
 *   <li>ask the pacer for a slot ({@link DialPacer}); refused, the message goes back with the pacer's delay;</li>
 *   <li>claim the dial on the call record, conditionally ({@link CallRecord#claimDial}): {@code dialed_at} is set only
 *   if unset and the call not canceled, so of two attempts one claims and the other gives its slot back;</li>
 *   <li>sleep until the slot (at most one interval), then send CreateSipMediaApplicationCall once.</li>
 * </ol>
 * A claim whose outcome is unknown (a timeout, a 5xx, a dialer that died after claiming) is never dialed again:
 * Chime's events or the sweeper settle it. Chime's throttling or ResourceLimitExceeded (another stack in the account)
 * means not placed: the claim and the slot are given back and the message goes back on the queue. A plain 4xx is a
 * {@code failed} call with its reason. After an accepted dial nothing more is written: NEW_OUTBOUND_CALL records the
 * transaction id.
 */
public class CallDialer {

    static final String INVALID_REASON = "The telephony provider refused to place the call: check that "
            + "phone_number is a reachable destination and from_number is a number of this account.";
    static final String CONFIGURATION_REASON = "The telephony provider refused Cordiul's credentials or "
            + "configuration; the call was not placed.";

    private final CallStore store;
    private final DialPacer pacer;
    private final QueueDepth depth;
    private final DialQueue queue;
    private final ChimeDialer chime;
    private final Clock clock;
    private final ThrottleRetry.Sleeper sleeper;
    private final DialSettings settings;
    private final CallStatusMachine machine = new CallStatusMachine();

    public CallDialer(CallStore store, DialPacer pacer, QueueDepth depth, DialQueue queue, ChimeDialer chime,
                      Clock clock, ThrottleRetry.Sleeper sleeper, DialSettings settings) {
        this.store = store;
        this.pacer = pacer;
        this.depth = depth;
        this.queue = queue;
        this.chime = chime;
        this.clock = clock;
        this.sleeper = sleeper;
        this.settings = settings;
    }

    /**
     * Handles one message, received {@code receiveCount} times and first sent at {@code sentAt}. Never throws for
     * a fault of the store, the pacer or Chime: the result says whether to delete the message or when it comes back.
     */
    public DialResult dial(DialMessage message, int receiveCount, Instant sentAt) {
        Log.put("call_id", message.callId());
        Optional<CallRecord> found;
        try {
            found = readSoon(message, sentAt);
        } catch (StoreUnavailableException e) {
            Log.warn("call store unavailable; the dial waits", "error_type", e.getClass().getName());
            return new DialResult.Retry(settings.storeDelay(), "store unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DialResult.Retry(Duration.ZERO, "interrupted");
        }
        if (found.isEmpty()) {
            if (Duration.between(sentAt, clock.instant()).compareTo(settings.recordGrace()) >= 0) {
                Log.warn("dial message without a call past the grace period; dropped (its create-call failed)",
                        "owner", message.owner());
                return new DialResult.Done("no such call");
            }
            return new DialResult.Retry(Duration.ofSeconds(1), "call not recorded yet");
        }
        CallRecord call = found.get();
        if (!call.waiting()) {
            Log.info("call no longer waits; its message is done with", "status", call.status().value(),
                    "dialed", call.dialed());
            return new DialResult.Done("not waiting");
        }
        PacerDecision decision;
        try {
            decision = pacer.request(call.owner(), call.id());
            if (decision instanceof PacerDecision.Refused duplicate
                    && duplicate.reason() == PacerDecision.Reason.DUPLICATE) {
                // The call waits (just read), so its slot was never claimed: an attempt died between the two.
                decision = pacer.releaseUnclaimed(call.id()) ? pacer.request(call.owner(), call.id()) : decision;
            }
        } catch (StoreUnavailableException e) {
            Log.warn("pacer unavailable; the dial waits", "error_type", e.getClass().getName());
            return new DialResult.Retry(settings.storeDelay(), "pacer unavailable");
        }
        if (decision instanceof PacerDecision.Refused refused) {
            return refused(message, call, refused, receiveCount);
        }
        return claimAndDial(call, ((PacerDecision.Granted) decision).slotAt());
    }

    private DialResult refused(DialMessage message, CallRecord call, PacerDecision.Refused refused, int receives) {
        if (refused.reason() == PacerDecision.Reason.CAPACITY) {
            pacer.repairLazily(store);
        }
        if (receives >= settings.renewAt()) {
            try {
                queue.send(message.renewed());
                Log.info("long-waiting dial message renewed", "receives", receives, "renewal",
                        message.renewal() + 1);
                return new DialResult.Done("renewed");
            } catch (QueueUnavailableException e) {
                Log.warn("dial message could not be renewed; it goes back as it is", "receives", receives);
            }
        }
        Log.info("dial waits", "reason", refused.reason(), "retry_ms", refused.retryAfterMs(),
                "owner", call.owner());
        Metrics.count(Metric.DIAL_WAITS, refused.reason().name().toLowerCase(java.util.Locale.ROOT));
        // At least a second (SQS's unit): coming back at once would only be refused again.
        return new DialResult.Retry(Duration.ofMillis(Math.max(1000, refused.retryAfterMs())),
                refused.reason().name());
    }

    private DialResult claimAndDial(CallRecord call, long slotAt) {
        String token = UUID.randomUUID().toString();
        Instant slot = Instant.ofEpochMilli(slotAt);
        Optional<CallRecord> claimed;
        try {
            claimed = store.update(call.owner(), call.id(), r -> r.claimDial(slot, token));
        } catch (StoreUnavailableException e) {
            // The claim may have been written: the call is then never dialed again (the sweeper settles it).
            pacer.withdraw(call.id(), slotAt);
            return new DialResult.Retry(settings.storeDelay(), "claim not confirmed");
        }
        if (claimed.isEmpty() || !token.equals(claimed.get().dialClaim())) {
            pacer.withdraw(call.id(), slotAt);
            Log.info("dial not claimed: the call was canceled or claimed meanwhile");
            return new DialResult.Done("claim lost");
        }
        try {
            sleeper.sleep(Duration.ofMillis(Math.max(0, slotAt - clock.millis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DialOutcome outcome = chime.dial(call.fromNumber(), call.phoneNumber(),
                CallArguments.of(call.owner(), call.id()));
        if (outcome instanceof DialOutcome.Accepted || outcome instanceof DialOutcome.Uncertain) {
            depth.release(call.owner());
            if (outcome instanceof DialOutcome.Uncertain) {
                log("call dialed; Chime's answer unknown", call);
            }
            // An accepted dial has its line already: ChimeDialer's "chime accepted the dial", with the same ids.
            return new DialResult.Done("dialed");
        }
        if (outcome instanceof DialOutcome.Throttled
                || outcome instanceof DialOutcome.Rejected r && r.kind() == DialOutcome.Rejection.CAPACITY) {
            return notPlaced(call, token, slotAt, outcome instanceof DialOutcome.Throttled
                    ? settings.chimeThrottledDelay() : Duration.ofMillis(pacer.settings().capacityRetryMs()));
        }
        DialOutcome.Rejected rejected = (DialOutcome.Rejected) outcome;
        String reason = rejected.kind() == DialOutcome.Rejection.INVALID_REQUEST ? INVALID_REASON
                : CONFIGURATION_REASON;
        try {
            store.update(call.owner(), call.id(), r -> machine.apply(r, CallEvent.dialRejected(clock.instant(),
                    reason)));
        } catch (StoreUnavailableException e) {
            Log.error("the refused dial could not be recorded; the sweeper fails the call later", e);
        }
        depth.release(call.owner());
        log("call refused by the telephony provider", call);
        return new DialResult.Done("refused");
    }

    /** Chime did not process the dial: the claim and the slot are given back, and the call waits again. */
    private DialResult notPlaced(CallRecord call, String token, long slotAt, Duration delay) {
        try {
            store.update(call.owner(), call.id(), r -> r.releaseDial(token));
        } catch (StoreUnavailableException e) {
            Log.error("a dial Chime did not place could not be released; the sweeper fails the call later", e);
        }
        pacer.withdraw(call.id(), slotAt);
        Log.warn("Chime did not place the call; it waits again", "retry_ms", delay.toMillis());
        return new DialResult.Retry(delay, "chime refused for its quota");
    }

    /** The call, re-read a few times while it is missing and young: create-call records it just after the send. */
    private Optional<CallRecord> readSoon(DialMessage message, Instant sentAt) throws InterruptedException {
        Optional<CallRecord> call = store.findEventually(message.owner(), message.callId());
        for (int wait = 1; call.isEmpty() && wait <= 3
                && Duration.between(sentAt, clock.instant()).compareTo(Duration.ofSeconds(2)) < 0; wait++) {
            sleeper.sleep(settings.recordWaits().multipliedBy(wait));
            call = store.findEventually(message.owner(), message.callId());
        }
        return call;
    }

    private static void log(String message, CallRecord call) {
        Log.info(message, "to", Redact.phone(call.phoneNumber()), "from", Redact.phone(call.fromNumber()));
    }
}
