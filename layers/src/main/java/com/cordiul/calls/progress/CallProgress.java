package com.cordiul.calls.progress;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallStore.CallKey;
import com.cordiul.chime.ChimeCallUpdater;
import com.cordiul.chime.sma.SmaAction;
import com.cordiul.chime.sma.SmaEvent;
import com.cordiul.chime.sma.SmaEventParser;
import com.cordiul.chime.sma.SmaEventType;
import com.cordiul.chime.sma.SmaResponse;
import com.cordiul.chime.sma.SpeakVoice;
import com.cordiul.core.Environment;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Records what the SIP media application reports about a call and tells it what to do next. Each event becomes at
 * most one fact, observed on Cordiul's own clock, merged into the record with a conditional write: Chime's
 * retries, duplicates and reordering therefore converge on the same record ({@link CallStatusMachine}).
 *
 * <p>Failure policy: Chime must always get a valid response, so a malformed event, an unknown type, a call that
 * cannot be found or a bug is logged and answered with no actions. The one exception is a store fault
 * ({@link StoreUnavailableException}): it is thrown, so that the function fails and Chime retries the event once.
 * Nothing is half-written by a fault, and the retry is harmless because applying a fact twice changes nothing;
 * if the retry fails too, the stale-call sweeper eventually settles the call.
 *
 * <p>Cancel: a CALL_UPDATE_REQUESTED carrying {@link ChimeCallUpdater#HANGUP_ARGUMENTS} (sent by a cancel) is
 * answered with a Hangup, and a CALL_ANSWERED of a call whose cancel was requested with a Hangup instead of the
 * message. Chime runs no action in answer to a call that is still ringing, so such a call ends as the far end
 * decides, and is hung up at once if answered.
 */
public class CallProgress {

    private final CallStore store;
    private final CallStatusMachine machine;
    private final Clock clock;
    private final String defaultGreeting;
    private final SpeakVoice voice;

    public CallProgress(CallStore store, CallStatusMachine machine, Clock clock, String defaultGreeting,
                        SpeakVoice voice) {
        this.store = Objects.requireNonNull(store, "store");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultGreeting = Objects.requireNonNull(defaultGreeting, "defaultGreeting");
        this.voice = Objects.requireNonNull(voice, "voice");
    }

    /** The service configured from the template's variables (DEFAULT_GREETING, SPEAK_*). */
    public static CallProgress fromEnvironment(CallStore store, Clock clock) {
        SpeakVoice voice = new SpeakVoice(Environment.getOrDefault("SPEAK_VOICE_ID", "Joanna"),
                Environment.getOrDefault("SPEAK_LANGUAGE_CODE", "en-US"),
                Environment.getOrDefault("SPEAK_ENGINE", "neural"));
        return new CallProgress(store, new CallStatusMachine(), clock, Environment.require("DEFAULT_GREETING"), voice);
    }

    /**
     * Handles one raw event; returns the response JSON. Never throws, except {@link StoreUnavailableException}
     * (see the class comment).
     */
    public String respond(byte[] eventJson) {
        SmaEventParser.Result parsed = SmaEventParser.parse(eventJson);
        if (parsed instanceof SmaEventParser.Result.Malformed malformed) {
            Log.warn("malformed SMA event; answered with no actions", "problem", malformed.problem());
            return SmaResponse.empty().toJson();
        }
        SmaEvent event = ((SmaEventParser.Result.Parsed) parsed).event();
        try {
            return handle(event).toJson();
        } catch (StoreUnavailableException e) {
            Log.error("call store unavailable; failing so that Chime retries the event", e,
                    "event_type", event.eventTypeName(), "transaction_id", event.transactionId());
            // Rethrown without its cause: Chime (and Lambda's error payload) get the message, never SDK internals.
            throw new StoreUnavailableException(e.getMessage(), e.retryAfterSeconds(), null);
        } catch (RuntimeException e) {
            Log.error("SMA event not handled; answered with no actions", e,
                    "event_type", event.eventTypeName(), "transaction_id", event.transactionId());
            return SmaResponse.empty().toJson();
        }
    }

    /** Records what the event reports and returns what the call should do next. */
    public SmaResponse handle(SmaEvent event) {
        Instant now = clock.instant();
        Log.put("transaction_id", event.transactionId());
        Log.info("SMA event", "event_type", event.eventTypeName(), "sequence", event.sequence(),
                "action_type", event.actionData() == null ? null : event.actionData().type());
        Optional<CallEvent> fact = factOf(event, now);
        if (fact.isEmpty()) {
            return withoutFact(event);
        }
        Optional<CallKey> key = locate(event);
        if (key.isEmpty()) {
            Log.warn("SMA event names no known call; answered with no actions", "event_type",
                    event.eventTypeName());
            return SmaResponse.empty();
        }
        Log.put("call_id", key.get().id());
        Optional<CallRecord> stored = store.update(key.get().owner(), key.get().id(),
                r -> belongsTo(r, event) ? record(r, event, fact.get()) : r);
        if (stored.isEmpty()) {
            Log.warn("SMA event names a call that does not exist; answered with no actions",
                    "event_type", event.eventTypeName());
            return SmaResponse.empty();
        }
        CallRecord call = stored.get();
        if (!belongsTo(call, event)) {
            Log.warn("SMA event's transaction is not the call's; nothing recorded", "event_type",
                    event.eventTypeName(), "call_transaction_id", call.transactionId());
            return SmaResponse.empty();
        }
        Log.info("call progress recorded", "fact", fact.get().type(), "status", call.status().value());
        SmaResponse.Builder response = SmaResponse.builder()
                .attribute(CallArguments.OWNER, call.owner())
                .attribute(CallArguments.CALL_ID, call.id());
        if (event.type() == SmaEventType.CALL_ANSWERED && call.cancelRequestedAt() != null) {
            Log.info("answered call whose cancel was requested; hanging up");
            response.action(SmaAction.hangup(SmaEvent.LEG_A));
        } else if (event.type() == SmaEventType.CALL_ANSWERED) {
            String callId = event.participant(SmaEvent.LEG_A).map(SmaEvent.Participant::callId).orElse(null);
            if (callId != null) {
                response.action(SmaAction.speak(call.message() != null ? call.message() : defaultGreeting, callId,
                        voice));
            }
            response.action(SmaAction.hangup(SmaEvent.LEG_A));
        }
        return response.build();
    }

    /** The fact an event reports, if it reports one. */
    static Optional<CallEvent> factOf(SmaEvent event, Instant now) {
        return switch (event.type()) {
            case NEW_OUTBOUND_CALL -> Optional.of(CallEvent.queued(now));
            case RINGING -> Optional.of(CallEvent.ringing(now));
            case CALL_ANSWERED -> Optional.of(CallEvent.answered(now));
            // A LEG-B hangup may name the last action rather than Hangup in ActionData.Type: only the code counts.
            case HANGUP -> Optional.of(CallEvent.hangup(now, event.actionData() == null
                    || event.actionData().sipResponseCode() == null ? 0 : event.actionData().sipResponseCode()));
            default -> Optional.empty();
        };
    }

    /** Events that change nothing on the record: logged, and answered so that no line is left open. */
    private SmaResponse withoutFact(SmaEvent event) {
        SmaResponse.Builder response = SmaResponse.builder();
        CallArguments.read(event.transactionAttributes()).ifPresent(k -> response
                .attribute(CallArguments.OWNER, k.owner()).attribute(CallArguments.CALL_ID, k.id()));
        SmaEvent.ActionData action = event.actionData();
        switch (event.type()) {
            case ACTION_FAILED -> {
                Log.warn("SMA action failed", "action_type", action == null ? null : action.type(),
                        "error_type", action == null ? null : action.errorType(),
                        "error_message", action == null ? null : action.errorMessage());
                if (action != null && "Speak".equals(action.type())) {
                    // The message could not be played: end the call rather than leave the line open.
                    response.action(SmaAction.hangup(SmaEvent.LEG_A));
                }
            }
            case INVALID_LAMBDA_RESPONSE -> Log.error("Chime refused our response", null,
                    "error_type", event.errorType(), "error_message", event.errorMessage());
            case CALL_UPDATE_REQUESTED -> {
                if (isHangupRequest(event)) {
                    Log.info("hangup requested by a cancel; answering with a Hangup");
                    response.action(SmaAction.hangup(SmaEvent.LEG_A));
                }
            }
            case UNKNOWN -> Log.warn("unknown SMA event type; answered with no actions");
            default -> {
                // ACTION_SUCCESSFUL, ACTION_INTERRUPTED, DIGITS_RECEIVED, NEW_INBOUND_CALL: nothing to record and
                // nothing more to do.
            }
        }
        return response.build();
    }

    /** Whether the update carries the arguments a cancel sends. */
    private static boolean isHangupRequest(SmaEvent event) {
        return event.arguments().entrySet().containsAll(ChimeCallUpdater.HANGUP_ARGUMENTS.entrySet());
    }

    /** The call an event belongs to: from the arguments Cordiul sent, else by Chime's transaction id. */
    private Optional<CallKey> locate(SmaEvent event) {
        Optional<CallKey> named = CallArguments.read(event.transactionAttributes())
                .or(() -> CallArguments.read(event.arguments()));
        if (named.isPresent()) {
            return named;
        }
        String transactionId = event.transactionId();
        return transactionId == null || transactionId.isBlank() ? Optional.empty()
                : store.findByTransactionId(transactionId);
    }

    /** False only when the call already has another transaction id: the event is not about this call. */
    private static boolean belongsTo(CallRecord call, SmaEvent event) {
        return call.transactionId() == null || event.transactionId() == null
                || call.transactionId().equals(event.transactionId());
    }

    /**
     * The record with the event's fact. The transaction id is recorded too: Chime's event is proof the dial was
     * accepted even if the create-call path never got to record it.
     */
    private CallRecord record(CallRecord call, SmaEvent event, CallEvent fact) {
        CallRecord next = call;
        if (call.transactionId() == null && event.transactionId() != null && !event.transactionId().isBlank()) {
            next = machine.apply(next, CallEvent.dialAccepted(fact.at(), event.transactionId()));
        }
        return machine.apply(next, fact);
    }
}
